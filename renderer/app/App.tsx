/**
 * The app shell: skip link, main navigation (also Alt+1…6 and the Electron menu's Ctrl/Cmd+1…6),
 * a status area in the window chrome, and the current screen. The screen is kept in the URL hash
 * so a reload returns to it.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { screens } from '../../shared/platform/api';
import { Counter } from '../screens/Counter';
import { Organisations } from '../screens/Organisations';
import { InvoicesScreen } from '../screens/Invoices';
import { MembershipScreen } from '../screens/Membership';
import { NewOrganisation } from '../screens/NewOrganisation';
import { OrganisationDetail } from '../screens/OrganisationDetail';
import { SyncScreen } from '../screens/Sync';
import { SyncIndicator } from '../components/SyncIndicator';
import { SettingsScreen } from '../screens/Settings';
import { DeskScreen } from '../screens/Desk';
import { mayCreateOrganisation } from '../../shared/program/roles';
import { useApp } from './context';
import { useSession } from './session';
import { deskHref, navigate, openEvidenceKey, routeFromHash, type Route } from './route';

export function App() {
  const { t } = useTranslation();
  const { platform } = useApp();
  const { user } = useSession();
  const role = user?.role ?? null;
  const [route, setRoute] = useState<Route>(() => routeFromHash(window.location.hash));
  const screen = route.screen;

  useEffect(() => {
    const onHash = () => setRoute(routeFromHash(window.location.hash));
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
      else if (command.kind === 'open-evidence') {
        if (!mayCreateOrganisation(role)) return void navigate('organisations'); // a role that cannot open business accounts
        sessionStorage.setItem(openEvidenceKey, '1');
        navigate('organisations', 'new');
        window.dispatchEvent(new Event(openEvidenceKey));
      } else if (command.kind === 'find') {
        document.querySelector<HTMLElement>('#org-search, input[aria-autocomplete="list"], #invoice-org')?.focus();
      }
    });
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('keydown', onKey);
      off();
    };
  }, [platform, role]);

  useEffect(() => {
    document.title = `${t(`nav.${screen}`)} — ${t('app.title')}`;
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [screen, route.id, t]);

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
            {user?.role === 'back-office' ? (
              <li>
                <a href={deskHref()} aria-current={screen === 'desk' ? 'page' : undefined}>
                  {t('nav.desk')}
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
        <div className="status-area">
          <SyncIndicator />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {screen === 'counter' ? (
          <Counter />
        ) : screen === 'organisations' ? (
          route.id === 'new' ? <NewOrganisation /> : route.id ? <OrganisationDetail id={route.id} /> : <Organisations />
        ) : screen === 'settings' ? (
          <SettingsScreen />
        ) : screen === 'membership' ? (
          <MembershipScreen organisationId={route.id} />
        ) : screen === 'invoices' ? (
          <InvoicesScreen />
        ) : screen === 'desk' ? (
          <DeskScreen id={route.id} />
        ) : (
          <SyncScreen />
        )}
      </main>
    </div>
  );
}
