/**
 * The client's push of an offline backlog (renderer/sync/push.ts `pushInChunks`) against a real
 * server on PGlite: requests of at most the server's row limit and byte budget, several in flight,
 * every conflict answered, and the order the conflict rules need kept — a registration whose serial
 * was registered earlier in the backlog is judged after it, even when it falls in another request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/testServer';
import { planChunks, pushInChunks, pushOrderKeys } from '../../../renderer/sync/push';
import { maxPushRows, type PushRow, type ReplicatedDocument } from '../../../shared/sync/protocol';
import { registrationDoc } from '../../support/documents';

const reg = (i: number, serial: string): PushRow => ({
  assumedMasterState: null,
  newDocumentState: registrationDoc('org-demo-studio', { id: `chunk-${i}`, serialNumber: serial, updatedAt: '2000-01-01T00:00:00.000000Z' }) as unknown as ReplicatedDocument,
});
const serialOf = (i: number) => String(500_000_000_000 + i);

describe('pushing an offline backlog in chunks', () => {
  let srv: TestServer;
  let token: string;
  beforeAll(async () => {
    srv = await startTestServer();
    token = (await srv.login('studio@demo.test')).token;
  }, 60_000);
  afterAll(async () => srv?.close());

  it('plans requests within the row and byte limits, keeping rows of one order key in order', () => {
    const rows = Array.from({ length: 2500 }, (_, i) => reg(i, serialOf(i)));
    rows[2400] = reg(2400, serialOf(10)); // the serial of row 10, registered again later
    const rounds = planChunks(rows, { maxRows: maxPushRows, maxBytes: 200_000, orderKey: pushOrderKeys.registrations });
    const all = rounds.flat();
    expect(all.every((c) => c.length <= maxPushRows && JSON.stringify(c).length <= 200_000)).toBe(true);
    expect(all.flat().map((r) => r.newDocumentState.id).sort()).toEqual(rows.map((r) => r.newDocumentState.id).sort());
    // Row 2400 is sent with row 10 (after it) or in a later round.
    const where = (id: string) => rounds.findIndex((round) => round.some((c) => c.some((r) => r.newDocumentState.id === id)));
    const chunkOf = (id: string) => all.findIndex((c) => c.some((r) => r.newDocumentState.id === id));
    if (chunkOf('chunk-2400') === chunkOf('chunk-10')) {
      const c = all[chunkOf('chunk-10')]!.map((r) => r.newDocumentState.id);
      expect(c.indexOf('chunk-2400')).toBeGreaterThan(c.indexOf('chunk-10'));
    } else expect(where('chunk-2400')).toBeGreaterThan(where('chunk-10'));
    // A full home request sends the repeat in a later round.
    const tight = planChunks(rows.slice(0, 5).concat(reg(99, serialOf(0))), { maxRows: 5, maxBytes: 1e9, orderKey: pushOrderKeys.registrations });
    expect(tight).toHaveLength(2);
    expect(tight[1]![0]![0]!.newDocumentState.id).toBe('chunk-99');
  });

  it('sends a backlog of 2,500 registrations as requests of at most 1,000 rows, 4 in flight, and the first of a serial wins', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => reg(i, serialOf(i)));
    rows[2400] = reg(2400, serialOf(10));
    let inFlight = 0;
    let most = 0;
    const sizes: number[] = [];
    const conflicts = await pushInChunks(
      rows,
      {
        what: 'the upload of registrations',
        onRefused: () => Promise.reject(new Error('nothing is refused here')),
        async send(body) {
          sizes.push(body.length);
          most = Math.max(most, ++inFlight);
          try {
            return await fetch(`${srv.url}/sync/registrations/push`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify(body),
            });
          } finally {
            inFlight--;
          }
        },
      },
      { maxRows: maxPushRows, maxBytes: 400_000, inFlight: 4, orderKey: pushOrderKeys.registrations },
    );
    expect(Math.max(...sizes)).toBeLessThanOrEqual(maxPushRows);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(2500);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
    // Every row comes back with the server's decision (points or duplicate).
    expect(conflicts).toHaveLength(2500);
    const byId = new Map(conflicts.map((d) => [d.id, d as unknown as Record<string, unknown>]));
    expect(byId.get('chunk-10')!.status).toBe('points-assigned');
    expect(byId.get('chunk-2400')!.status).toBe('rejected-duplicate');
    expect([...byId.values()].filter((d) => d.status === 'points-assigned')).toHaveLength(2499);
  }, 120_000);
});
