/** Navigation by URL hash: `#/<screen>[/<id>]` (e.g. `#/organisations/<organisationId>`), so a reload returns to the same place. */
import { screens, type Screen } from '../../shared/platform/api';

/** Where the app is: a screen (or the back office's `desk`) and an optional item id (`new` for the new-organisation form). */
export interface Route {
  screen: Screen | 'desk';
  id: string | null;
}

/** Parses a location hash; unknown screens fall back to the Counter. */
export function routeFromHash(hash: string): Route {
  const [name = '', id = ''] = hash.replace(/^#\/?/, '').split('/');
  if (name !== 'desk' && !(screens as readonly string[]).includes(name)) return { screen: 'counter', id: null };
  return { screen: name as Screen | 'desk', id: id ? decodeURIComponent(id) : null };
}

/** The hash of the back office's desk: the queue, or the review of organisation `organisationId`. */
export function deskHref(organisationId?: string): string {
  return `#/desk${organisationId ? `/${encodeURIComponent(organisationId)}` : ''}`;
}

/** The hash for a screen (and optional item id). */
export function hrefFor(screen: Screen, id?: string | null): string {
  return `#/${screen}${id ? `/${encodeURIComponent(id)}` : ''}`;
}

/** Navigates to a screen (and optional item id) by changing the URL hash. */
export function navigate(screen: Screen, id?: string | null): void {
  window.location.hash = hrefFor(screen, id).slice(1);
}

/** sessionStorage flag (and window event name) set by the menu's "Open evidence…": the New business account screen opens the file dialog. */
export const openEvidenceKey = 'cps-desk.openEvidence';
