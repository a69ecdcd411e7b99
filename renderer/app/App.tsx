/**
 * The app shell: skip link, main navigation (also Alt+1…6 and the Electron menu's Ctrl/Cmd+1…6),
 * a status area in the window chrome, and the current screen. The screen is kept in the URL hash
 * so a reload returns to it.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { screens, type Screen } from '../../shared/platform/api';
import { Counter } from '../screens/Counter';
import { Organisations } from '../screens/Organisations';
import { Placeholder } from '../screens/Placeholder';
import { SettingsScreen } from '../screens/Settings';
import { useApp } from './context';

function screenFromHash(): Screen {
  const name = window.location.hash.replace(/^#\/?/, '');
  return (screens as readonly string[]).includes(name) ? (name as Screen) : 'counter';
}

/** Extra screens registered by feature modules (membership, invoices, sync) as they land. */
export const screenComponents: Partial<Record<Screen, () => ReactNode>> = {};

export function App({ statusArea }: { statusArea?: ReactNode }) {
  const { t } = useTranslation();
  const { platform } = useApp();
  const [screen, setScreen] = useState<Screen>(screenFromHash);

  useEffect(() => {
    const onHash = () => setScreen(screenFromHash());
    window.addEventListener('hashchange', onHash);
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const i = Number(e.key) - 1;
      if (i >= 0 && i < screens.length) {
        e.preventDefault();
        window.location.hash = `/${screens[i]}`;
      }
    };
    window.addEventListener('keydown', onKey);
    const off = platform.onMenuCommand((command) => {
      if (command.kind === 'navigate') window.location.hash = `/${command.screen}`;
    });
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('keydown', onKey);
      off();
    };
  }, [platform]);

  useEffect(() => {
    document.title = `${t(`nav.${screen}`)} — ${t('app.title')}`;
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [screen, t]);

  const custom = screenComponents[screen];
  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app.title')}</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            {screens.map((s, i) => (
              <li key={s}>
                <a href={`#/${s}`} aria-current={s === screen ? 'page' : undefined} title={`Alt+${i + 1}`}>
                  {t(`nav.${s}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="status-area">{statusArea}</div>
      </header>
      <main id="main" tabIndex={-1}>
        {custom ? (
          custom()
        ) : screen === 'counter' ? (
          <Counter />
        ) : screen === 'organisations' ? (
          <Organisations />
        ) : screen === 'settings' ? (
          <SettingsScreen />
        ) : screen === 'membership' ? (
          <Placeholder titleKey="membership.title" bodyKey="membership.placeholder" />
        ) : screen === 'invoices' ? (
          <Placeholder titleKey="invoices.title" bodyKey="invoices.empty" />
        ) : (
          <Placeholder titleKey="sync.title" bodyKey="sync.status" />
        )}
      </main>
    </div>
  );
}
