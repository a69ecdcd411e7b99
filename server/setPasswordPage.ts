/**
 * The page behind the one-time link of the "account ready" e-mail (`GET /auth/set-password`): a
 * new password typed twice, sent to `POST /auth/set-password` with the token from the URL fragment
 * (a fragment never reaches the server's logs). The page speaks the language of the link
 * (`?lang=nl|en`, the organisation's language the e-mail was written in), else the browser's first
 * Dutch or English `Accept-Language` preference, else English. The server's refusals are shown by
 * their code in the page's language; the server's English message only for a code the page does
 * not know.
 */
import type { OrganisationLanguage } from '../shared/program/backOffice';

/** Minimum password length, checked by the page and again by `POST /auth/set-password`. */
export const minPasswordLength = 10;

const texts = {
  en: {
    title: 'CPS — set your password',
    heading: 'Set your CPS password',
    password: `New password (at least ${minPasswordLength} characters)`,
    confirm: 'Repeat the new password',
    submit: 'Set password',
    mismatch: 'The two passwords are not the same. Type the same password twice.',
    tooShort: `The password needs at least ${minPasswordLength} characters.`,
    done: 'Password set for {email}. You can now sign in to CPS Desk.',
    'weak-password': `The password needs at least ${minPasswordLength} characters.`,
    'invalid-link': 'This link is unknown, already used or expired. Ask the back office for a new one.',
    'rate-limited': 'Too many attempts. Wait a minute and try again.',
    network: 'The server cannot be reached. Check the connection and try again.',
  },
  nl: {
    title: 'CPS — stel uw wachtwoord in',
    heading: 'Stel uw CPS-wachtwoord in',
    password: `Nieuw wachtwoord (minstens ${minPasswordLength} tekens)`,
    confirm: 'Herhaal het nieuwe wachtwoord',
    submit: 'Wachtwoord instellen',
    mismatch: 'De twee wachtwoorden zijn niet gelijk. Typ twee keer hetzelfde wachtwoord.',
    tooShort: `Het wachtwoord moet minstens ${minPasswordLength} tekens hebben.`,
    done: 'Wachtwoord ingesteld voor {email}. U kunt nu inloggen in CPS Desk.',
    'weak-password': `Het wachtwoord moet minstens ${minPasswordLength} tekens hebben.`,
    'invalid-link': 'Deze link is onbekend, al gebruikt of verlopen. Vraag de backoffice om een nieuwe.',
    'rate-limited': 'Te veel pogingen. Wacht een minuut en probeer het opnieuw.',
    network: 'De server is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.',
  },
} as const satisfies Record<OrganisationLanguage, Record<string, string>>;

/** The texts of the page per language (for tests that check the page speaks one language). */
export const setPasswordTexts: Readonly<Record<OrganisationLanguage, Readonly<Record<string, string>>>> = texts;

/**
 * The page's language: `lang` from the query when it is `nl` or `en`; else the first `nl…`/`en…`
 * entry of `Accept-Language` by its q-value (RFC 9110 §12.5.4); else `en`.
 */
export function setPasswordLanguage(queryLang: unknown, acceptLanguage: string | undefined): OrganisationLanguage {
  if (queryLang === 'nl' || queryLang === 'en') return queryLang;
  const prefs = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...ps] = part.trim().toLowerCase().split(';');
      const q = ps.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag, q: q === undefined ? 1 : Number(q), i };
    })
    .filter((p) => p.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const p of prefs) {
    if (p.tag === 'nl' || p.tag.startsWith('nl-')) return 'nl';
    if (p.tag === 'en' || p.tag.startsWith('en-')) return 'en';
  }
  return 'en';
}

/** The HTML page in `lang` (no user data in it: the e-mail address is filled in with textContent). */
export function setPasswordPage(lang: OrganisationLanguage): string {
  const t = texts[lang];
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${t.title}</title>
<meta name="viewport" content="width=device-width"><style>body{font:16px system-ui;max-width:28rem;margin:3rem auto}input,button{font:inherit;padding:.4rem;width:100%;margin:.3rem 0}#m.error{color:#a00}</style></head>
<body><h1>${t.heading}</h1><form id="f" novalidate><label>${t.password}<input id="p" type="password" minlength="${minPasswordLength}" required autocomplete="new-password"></label>
<label>${t.confirm}<input id="c" type="password" minlength="${minPasswordLength}" required autocomplete="new-password"></label>
<button>${t.submit}</button></form><p id="m" role="status" aria-live="polite"></p>
<script>
const t = ${JSON.stringify(t)};
const token = new URLSearchParams(location.hash.slice(1)).get('token');
const m = document.getElementById('m');
const say = (text, error) => { m.textContent = text; m.className = error ? 'error' : ''; };
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const p = document.getElementById('p').value;
  const c = document.getElementById('c');
  if (p.length < ${minPasswordLength}) return say(t.tooShort, true);
  if (p !== c.value) { c.focus(); return say(t.mismatch, true); }
  let r;
  try {
    r = await fetch('/auth/set-password', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, password: p }) });
  } catch {
    return say(t.network, true);
  }
  const b = await r.json().catch(() => ({}));
  if (r.ok) say(t.done.replace('{email}', b.email), false);
  else say(t[b.code] || b.message || ('HTTP ' + r.status), true);
});
</script></body></html>`;
}
