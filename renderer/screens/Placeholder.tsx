/** Screens still to be built out show their title and a short explanation. */
import { useTranslation } from 'react-i18next';

export function Placeholder({ titleKey, bodyKey }: { titleKey: string; bodyKey: string }) {
  const { t } = useTranslation();
  return (
    <section className="screen" aria-labelledby="placeholder-title">
      <h1 id="placeholder-title">{t(titleKey)}</h1>
      <p className="hint">{t(bodyKey)}</p>
    </section>
  );
}
