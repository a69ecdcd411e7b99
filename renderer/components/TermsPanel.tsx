/**
 * The terms and conditions a sign-up accepts (docs/program.md#terms-and-conditions): the version
 * in force in the UI language, with its version and effective date, in a scrollable region that
 * can be read with the keyboard, and a Print button that prints only the terms (styles.css
 * `body[data-print="terms"]`). Presentational: the sign-up screen passes the version in force.
 */
import { useTranslation } from 'react-i18next';
import { termsLanguageOf, type TermsDocument } from '../../shared/program/terms';

/** Prints the terms alone: marks the page for the print style sheet until the print dialog closes. */
function printTerms(): void {
  document.body.dataset.print = 'terms';
  const done = () => {
    delete document.body.dataset.print;
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}

export function TermsPanel({ terms, formatDate }: { terms: TermsDocument | null; formatDate: (isoDate: string) => string }) {
  const { t, i18n } = useTranslation();
  if (!terms) {
    return (
      <p className="notice warn" role="status" data-testid="terms-missing">
        {t('terms.none')}
      </p>
    );
  }
  const text = terms.texts[termsLanguageOf(i18n.language)];
  return (
    <section className="terms-panel" aria-labelledby="terms-title" data-terms-version={terms.version}>
      <div className="screen-head">
        <h3 id="terms-title">{t('terms.title')}</h3>
        <button type="button" onClick={printTerms}>
          {t('terms.print')}
        </button>
      </div>
      <p className="hint" data-testid="terms-version">
        {t('terms.version', { version: terms.version, date: formatDate(terms.effectiveOn) })}
      </p>
      {/* tabIndex: a scrollable region must be reachable with the keyboard (WCAG 2.1.1). */}
      <div className="terms-text" role="document" tabIndex={0} aria-label={text.title} data-testid="terms-text">
        <h4>{text.title}</h4>
        <p className="hint">{t('terms.version', { version: terms.version, date: formatDate(terms.effectiveOn) })}</p>
        {text.sections.map((s) => (
          <section key={s.heading}>
            <h5>{s.heading}</h5>
            {s.paragraphs.map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </section>
        ))}
      </div>
    </section>
  );
}
