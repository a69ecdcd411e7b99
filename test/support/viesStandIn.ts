/**
 * Test helper: a local stand-in for the EU VAT service's REST API (`POST /check-vat-number`,
 * see server/vies.ts for the shapes), so no test reaches the internet.
 *
 *   const vies = await startViesStandIn();   // vies.url → give it to the server as VIES_URL
 *   await vies.close();
 *
 * Answers by VAT number (country code + number):
 * - {@link viesStandInNumbers}.valid (`NL004495445B01`): valid, with name, address and a
 *   consultation number when the requester is given;
 * - `.noDetails` (`DE136695976`): valid, name and address `---` (not disclosed by the member state);
 * - `.invalid` (`NL100000009B01`, checksum right, not registered): `valid: false`, `userError: INVALID`;
 * - `.unavailable` (`BE0403170701`): `valid: false`, `userError: MS_UNAVAILABLE` (no verdict);
 * - `.unavailable500` (`FR40303265045`): HTTP 500 `{actionSucceed: false, errorWrappers: [{error: MS_UNAVAILABLE}]}`;
 * - `.timeout` (`AT U13585627`): never answers (the client's timeout decides);
 * - the numbers given in `extraValid` (e.g. a fixture's): valid with the name and address given;
 * - anything else: `valid: false`, `userError: INVALID`.
 * Every request body is kept in `requests`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** The VAT numbers with a scripted answer (see module doc). */
export const viesStandInNumbers = {
  valid: 'NL004495445B01',
  noDetails: 'DE136695976',
  invalid: 'NL100000009B01',
  unavailable: 'BE0403170701',
  unavailable500: 'FR40303265045',
  timeout: 'ATU13585627',
} as const;

/** A running stand-in. */
export interface ViesStandIn {
  /** The `check-vat-number` URL. */
  url: string;
  requests: Record<string, unknown>[];
  close(): Promise<void>;
}

/** Starts the stand-in on 127.0.0.1 and a free port; `extraValid` maps more VAT numbers (prefix + number) to a valid answer. */
export async function startViesStandIn(extraValid: Record<string, { name: string; address: string }> = {}): Promise<ViesStandIn> {
  const requests: Record<string, unknown>[] = [];
  const hanging = new Set<ServerResponse>();
  let seq = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method !== 'POST' || !req.url?.endsWith('/check-vat-number')) return json(404, { actionSucceed: false, errorWrappers: [{ error: 'NOT_FOUND' }] });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return json(400, { actionSucceed: false, errorWrappers: [{ error: 'INVALID_INPUT' }] });
      }
      requests.push(body);
      const countryCode = String(body.countryCode ?? '');
      const vatNumber = String(body.vatNumber ?? '');
      const full = countryCode + vatNumber;
      const base = { countryCode, vatNumber, requestDate: new Date().toISOString().slice(0, 10) + '+01:00' };
      const requestIdentifier = body.requesterNumber ? `WAPIAAAAZ${String(++seq).padStart(6, '0')}` : '';
      if (full === viesStandInNumbers.timeout) {
        hanging.add(res);
        return;
      }
      if (full === viesStandInNumbers.unavailable) return json(200, { ...base, valid: false, requestIdentifier: '', name: '---', address: '---', userError: 'MS_UNAVAILABLE' });
      if (full === viesStandInNumbers.unavailable500)
        return json(500, { actionSucceed: false, errorWrappers: [{ error: 'MS_UNAVAILABLE', message: 'The Member State service is unavailable' }] });
      if (full === viesStandInNumbers.valid)
        return json(200, { ...base, valid: true, requestIdentifier, name: 'FOTOSTUDIO TEST B.V.', address: 'DAMRAK 00001\n1012LG AMSTERDAM', userError: 'VALID' });
      const extra = extraValid[full];
      if (extra) return json(200, { ...base, valid: true, requestIdentifier, name: extra.name, address: extra.address, userError: 'VALID' });
      if (full === viesStandInNumbers.noDetails) return json(200, { ...base, valid: true, requestIdentifier, name: '---', address: '---', userError: 'VALID' });
      return json(200, { ...base, valid: false, requestIdentifier, name: '---', address: '---', userError: 'INVALID' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}/taxation_customs/vies/rest-api/check-vat-number`,
    requests,
    async close() {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
