/**
 * In-memory program-server stand-in for the bench: the sync protocol of shared/sync/protocol.ts
 * (pull by checkpoint, push answering conflicts, SSE pull stream opening with RESYNC, /health)
 * over documents generated up front, plus static files of the built bench page (same origin, no
 * CORS). Not a replacement for server/: no auth rules, no scope, no authority — it accepts every
 * push. Its pages are serialised once so each contender pays the same, minimal server cost.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { AddressInfo } from 'node:net';

export interface BenchDoc {
  id: string;
  updatedAt: string;
  _deleted: boolean;
  [k: string]: unknown;
}

/** Deterministic documents: `n` registrations over 500 organisations and `m` product models. */
export function generate(nRegistrations: number, nModels: number): { registrations: BenchDoc[]; productModels: BenchDoc[] } {
  const base = Date.parse('2026-01-01T00:00:00.000Z');
  const pad = (i: number, w: number) => String(i).padStart(w, '0');
  const productModels: BenchDoc[] = [];
  for (let i = 0; i < nModels; i++) {
    productModels.push({
      id: `pm-${pad(i, 6)}`, code: `EOS-${pad(i, 5)}`, name: `Model ${i}`, category: i % 3 === 0 ? 'body' : 'lens', points: 20 + (i % 40) * 10,
      serialPattern: '^[0-9]{12}$', releasedOn: '2020-01-01', retired: i % 17 === 0, updatedAt: new Date(base + i).toISOString(), _deleted: false,
    });
  }
  const registrations: BenchDoc[] = [];
  for (let i = 0; i < nRegistrations; i++) {
    registrations.push({
      id: `r-${pad(i, 8)}`, organisationId: `o-${pad(i % 500, 4)}`, productModelId: `pm-${pad(i % Math.max(1, nModels), 6)}`,
      serialNumber: pad(100000000000 + i * 7, 12), purchaseDate: '2025-06-01', purchaseDateEstimated: i % 5 === 0, purchaseCountry: 'NL',
      dealerName: `Dealer ${i % 50}`, status: 'points-assigned', statusReason: null, points: 100 + (i % 9) * 50, migratedFrom: null,
      createdAt: new Date(base + i).toISOString(), updatedAt: new Date(base + 10_000_000 + i).toISOString(), _deleted: false,
    });
  }
  return { registrations, productModels };
}

const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

/** Starts the stand-in on a loopback port. `staticDir` holds the built page. */
export async function startProtocolServer(collections: Record<string, BenchDoc[]>, staticDir: string): Promise<{ url: string; pushed: Map<string, BenchDoc>; close(): Promise<void> }> {
  const sorted: Record<string, { docs: BenchDoc[]; json: string[] }> = {};
  for (const [name, docs] of Object.entries(collections)) {
    const d = [...docs].sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    sorted[name] = { docs: d, json: d.map((x) => JSON.stringify(x)) };
  }
  const pushed = new Map<string, BenchDoc>();
  let clock = Date.parse('2027-01-01T00:00:00.000Z');
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    // the push bench talks to a second instance from the page's origin: allow it
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'authorization, content-type');
    if (req.method === 'OPTIONS') return res.writeHead(204).end();
    const m = /^\/sync\/([A-Za-z]+)\/(pull|push|pull-stream)$/.exec(url.pathname);
    if (url.pathname === '/health') return res.end('{"status":"ok"}');
    if (!m) {
      try {
        const file = join(staticDir, url.pathname === '/' ? 'index.html' : url.pathname);
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
        return res.end(body);
      } catch {
        return res.writeHead(404).end();
      }
    }
    const [, name, op] = m as unknown as [string, string, string];
    const col = sorted[name] ?? (sorted[name] = { docs: [], json: [] });
    if (op === 'pull') {
      const limit = Math.min(5000, Number(url.searchParams.get('limit') ?? 1000));
      const after = url.searchParams.get('updatedAt');
      const afterId = url.searchParams.get('id') ?? '';
      let lo = 0;
      if (after !== null) {
        let hi = col.docs.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          const d = col.docs[mid]!;
          if (d.updatedAt < after || (d.updatedAt === after && d.id <= afterId)) lo = mid + 1;
          else hi = mid;
        }
      }
      const page = col.json.slice(lo, lo + limit);
      const last = col.docs[lo + page.length - 1];
      const checkpoint = last ? { id: last.id, updatedAt: last.updatedAt } : after !== null ? { id: afterId, updatedAt: after } : null;
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(`{"documents":[${page.join(',')}],"checkpoint":${JSON.stringify(checkpoint)}}`);
    }
    if (op === 'push') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const rows = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { newDocumentState: BenchDoc }[];
      for (const r of rows) {
        // store and echo on the feed (as the real server does), with a server timestamp
        const doc = { ...r.newDocumentState, updatedAt: new Date(clock++).toISOString() };
        pushed.set(doc.id, doc);
        col.docs.push(doc);
        col.json.push(JSON.stringify(doc));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('[]');
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write('data: "RESYNC"\n\n');
    const t = setInterval(() => res.write(': heartbeat\n\n'), 15_000);
    req.on('close', () => clearInterval(t));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    pushed,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
