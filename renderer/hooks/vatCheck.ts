/**
 * The new-account form's VIES check as React state: asks the program server (renderer/actions/vat.ts)
 * about the form's VAT number while the server is reachable, a short pause after the number last
 * changed (typing), and forgets an answer as soon as the number changes. Offline — no network, the
 * server unreachable, nobody signed in — it asks nothing and returns `off`.
 */
import { useEffect, useState } from 'react';
import { useSession } from '../app/session';
import { usePlatformOnline } from '../app/online';
import { shownSyncState } from '../app/syncState';
import { checkVatNumber } from '../actions/vat';
import type { VatCheckState } from '../organisations/vatCheck';

/** Pause after the VAT number last changed before asking, ms. */
export const vatCheckDelayMs = 400;

/** Whether the program server is reachable now (signed in, network up, sync connected). */
export function useServerReachable(): boolean {
  const { user, needsSignIn, status } = useSession();
  const platformOnline = usePlatformOnline();
  return shownSyncState(Boolean(user), needsSignIn, platformOnline, status) === 'online';
}

/**
 * The VIES check of `vatNumber` (normalised with its prefix; null: nothing to check — see
 * renderer/organisations/vatCheck.ts `vatNumberToCheck`). A failed request (server gone meanwhile,
 * rate limit) is `failed`, which the form shows like an unknown answer.
 */
export function useVatCheck(vatNumber: string | null): VatCheckState {
  const { authorisedFetch } = useSession();
  const [state, setState] = useState<VatCheckState>({ kind: 'off' });
  useEffect(() => {
    if (!vatNumber) {
      setState({ kind: 'off' });
      return;
    }
    let live = true;
    setState({ kind: 'checking', vatNumber });
    const timer = setTimeout(() => {
      checkVatNumber(authorisedFetch, vatNumber, '').then(
        (check) => live && setState({ kind: 'done', check }),
        (e: unknown) => live && setState({ kind: 'failed', vatNumber, code: (e as { code?: string })?.code ?? 'network' }),
      );
    }, vatCheckDelayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [vatNumber, authorisedFetch]);
  return state;
}
