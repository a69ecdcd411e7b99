/**
 * The back-office command table (server/commands.ts) and the routes generated from it
 * (server/routes-admin.ts): every command has one name and one route, the route exists and is
 * guarded, and the CLI's request for a command reaches the route it names.
 */
import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { backOfficeCommands, commandUrl, type CliArgs, type CommandContext } from '../../../server/commands';
import { registerAdminRoutes } from '../../../server/routes-admin';
import { authenticator, installHttpBasics, type RouteContext } from '../../../server/http';

/** CLI arguments as the CLI parses them; a usage error throws instead of exiting. */
function args(positional: string[], flags: Record<string, string> = {}): CliArgs {
  return {
    need: (n, what) => positional[n] ?? (() => { throw new Error(`usage: missing ${what}`); })(),
    optional: (n) => positional[n],
    flag: (name) => flags[name],
    readFile: (path) => `csv of ${path}`,
    usage: (message) => {
      throw new Error(`usage: ${message}`);
    },
  };
}

describe('back-office command table', () => {
  it('has one CLI name and one route per command', () => {
    const names = backOfficeCommands.map((c) => c.name);
    const routes = backOfficeCommands.map((c) => `${c.method} ${c.path}`);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(routes).size).toBe(routes.length);
    expect(names).toEqual(expect.arrayContaining(['list-pending', 'validate-organisation', 'reject-organisation', 'mark-invoice-paid', 'import-catalog', 'import-legacy', 'withdraw-registration', 'audit']));
    for (const c of backOfficeCommands) expect(c.path).toMatch(/^\/admin\//);
  });

  it('fills path parameters (URI-encoded) and the query string of the CLI request', () => {
    const reject = backOfficeCommands.find((c) => c.name === 'reject-organisation')!;
    const req = reject.fromCli(args(['org/1 ä'], { reason: 'no VAT number' }));
    expect(commandUrl(reject.path, req)).toBe('/admin/organisations/org%2F1%20%C3%A4/reject');
    expect(req.body).toEqual({ reason: 'no VAT number' });
    const pending = backOfficeCommands.find((c) => c.name === 'list-pending')!;
    expect(commandUrl(pending.path, pending.fromCli(args([], { country: 'NL' })))).toBe('/admin/pending?country=NL');
    expect(commandUrl(pending.path, pending.fromCli(args([])))).toBe('/admin/pending');
    const audit = backOfficeCommands.find((c) => c.name === 'audit')!;
    expect(commandUrl(audit.path, audit.fromCli(args([])))).toBe('/admin/audit?limit=50');
    const csv = backOfficeCommands.find((c) => c.name === 'import-catalog')!.fromCli(args(['catalog.csv']));
    expect(csv).toMatchObject({ body: 'csv of catalog.csv', contentType: 'text/csv' });
  });

  it('charge-due-invoices: --as-of is a date, sent as asOf; the clock is set in demo mode only', async () => {
    const charge = backOfficeCommands.find((c) => c.name === 'charge-due-invoices')!;
    expect(charge).toMatchObject({ method: 'POST', path: '/admin/payments/charge-due', needsCardPayments: true });
    expect(charge.fromCli(args([], { 'as-of': '2027-01-15' })).body).toEqual({ asOf: '2027-01-15' });
    expect(charge.fromCli(args([])).body).toEqual({});
    expect(() => charge.fromCli(args([], { 'as-of': '15-01-2027' }))).toThrow(/--as-of takes a date YYYY-MM-DD/);
    const clocks: Date[] = [];
    const payments = (mode: 'stripe' | 'demo') => ({ mode, runCharges: async (now: Date) => (clocks.push(now), { paid: [], retrying: [], failed: [] }) }) as unknown as CommandContext['payments'];
    const ctx = (mode: 'stripe' | 'demo') => ({ services: {}, user: {}, vies: {}, payments: payments(mode) }) as unknown as CommandContext;
    const req = (body: unknown) => ({ params: {}, query: {}, body });
    await expect(charge.run(ctx('demo'), req({ asOf: '2027-01-15' }))).resolves.toEqual({ paid: [], retrying: [], failed: [] });
    expect(clocks.pop()?.toISOString()).toBe('2027-01-15T00:00:00.000Z');
    await expect(charge.run(ctx('stripe'), req({ asOf: '2027-01-15' }))).rejects.toMatchObject({ statusCode: 400, code: 'clock-injection-refused' });
    await expect(charge.run(ctx('demo'), req({ asOf: 'tomorrow' }))).rejects.toMatchObject({ statusCode: 400, code: 'bad-request' });
    await charge.run(ctx('stripe'), req({}));
    expect(Math.abs(clocks.pop()!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(clocks).toEqual([]);
  });

  it('refuses missing CLI arguments with a usage error naming them', () => {
    const reject = backOfficeCommands.find((c) => c.name === 'reject-organisation')!;
    expect(() => reject.fromCli(args(['org-1']))).toThrow(/--reason/);
    expect(() => reject.fromCli(args([]))).toThrow(/<organisation id>/);
  });

  it('generates a guarded HTTP route for every command', async () => {
    const app = Fastify({ logger: false });
    installHttpBasics(app, { bodyLimit: 1024 });
    // No token reaches the database: the guard refuses first.
    const ctx = { services: {}, authenticate: authenticator({ query: () => Promise.reject(new Error('no database in this test')) }), vies: { url: '', timeoutMs: 1 } } as unknown as RouteContext;
    registerAdminRoutes(app, ctx);
    await app.ready();
    try {
      for (const c of backOfficeCommands) {
        const res = await app.inject({ method: c.method, url: c.path.replace(/:(\w+)/g, 'x') });
        expect(res.statusCode, `${c.method} ${c.path}`).toBe(401);
        expect(res.json()).toEqual({ statusCode: 401, code: 'unauthorised', message: 'missing bearer token (Authorization: Bearer <token>)' });
      }
      expect((await app.inject({ method: 'GET', url: '/admin/nothing-here' })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});
