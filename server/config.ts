/**
 * Server configuration from the environment (README "Configuration").
 * HOST (127.0.0.1), PORT (8787), DATA_DIR (./data/server: PGlite folder, .eml outbox, runtime file),
 * DATABASE_URL (postgres://… switches from PGlite to PostgreSQL), CPS_DEMO_PASSWORD, PUBLIC_URL,
 * SMTP_URL, MAIL_FROM, TOKEN_TTL_HOURS (12), TOKEN_CACHE_MS (2000; 0 = no session cache), BODY_LIMIT_BYTES (2 MiB), LOGIN_RATE_LIMIT (10 per
 * minute per client address and e-mail), CORS_ORIGINS (comma list; default any origin — tokens
 * travel in headers, never cookies), PULL_STREAMS_PER_TOKEN (8), PULL_STREAMS_MAX (1000), LOG_LEVEL (info),
 * VIES_URL (the EU VAT service's check-vat-number REST endpoint; `off` disables VIES checks),
 * VIES_TIMEOUT_MS (10000), VIES_REQUESTER (own VAT number, for a consultation number),
 * VAT_CHECK_RATE_LIMIT (20 VAT number checks per minute per user), VAT_CHECK_CACHE_SECONDS (600),
 * MAX_UPLOAD_BYTES (25 MiB: largest evidence file accepted by the tus upload at /files/),
 * card payments (server/payments/): CARD_PROVIDER (`stripe`, or `demo` — the default without
 * STRIPE_SECRET_KEY: the local Stripe stand-in, no network), STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET,
 * STRIPE_API_BASE (https://api.stripe.com), CARD_RETRY_MINUTES (60,360,1440: waits before the
 * retries of a temporarily failed due-date charge), CARD_CHARGE_INTERVAL_MINUTES (60).
 */
import { resolve } from 'node:path';
import { defaultViesUrl } from './vies';

/** The resolved configuration. Durations in ms, sizes in bytes. */
export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  demoPassword: string | undefined;
  publicUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  tokenTtlMs: number;
  /** How long a confirmed session token is reused from memory (server/auth.ts `cachedUserForToken`); 0 turns the cache off. */
  tokenCacheMs: number;
  bodyLimit: number;
  /** Largest evidence file accepted by the upload (`/files/`), bytes. */
  maxUploadBytes: number;
  loginRateLimit: number;
  corsOrigins: string[] | true;
  heartbeatMs: number;
  /** Open pull streams per token; a new one beyond it closes that token's oldest (PULL_STREAMS_PER_TOKEN). */
  pullStreamsPerToken: number;
  /** Open pull streams per server process; beyond it a new one is answered 503 + Retry-After (PULL_STREAMS_MAX). */
  pullStreamsMax: number;
  logLevel: string;
  /** VIES `check-vat-number` URL ('' = VIES checks off) — server/vies.ts. */
  viesUrl: string;
  viesTimeoutMs: number;
  viesRequester: string | undefined;
  /** VAT number checks a user may ask for per minute at `POST /vat-check` (VAT_CHECK_RATE_LIMIT; 429 above). */
  vatCheckRateLimit: number;
  /** How long a VIES verdict (valid/invalid) is reused for the same VAT number, ms (VAT_CHECK_CACHE_SECONDS). */
  vatCheckCacheMs: number;
  /** Card payments: Stripe (keys below) or the local stand-in (`demo`, server/payments/stripeStandIn.ts). */
  cardProvider: 'stripe' | 'demo';
  stripeSecretKey: string | undefined;
  stripeWebhookSecret: string | undefined;
  /** Stripe API base URL (host, port, protocol for the SDK). */
  stripeApiBase: string;
  /** Waits before each retry of a temporarily failed due-date charge, minutes. */
  cardRetryMinutes: number[];
  /** How often the due-date charge job runs, ms. */
  cardChargeIntervalMs: number;
}

function int(env: NodeJS.ProcessEnv, name: string, dflt: number): number {
  const v = env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${v}"`);
  return n;
}

/** CARD_PROVIDER, defaulting to `stripe` when STRIPE_SECRET_KEY is set and `demo` otherwise. @throws Error on another value or a Stripe setup without its secrets. */
function cardProviderOf(env: NodeJS.ProcessEnv): 'stripe' | 'demo' {
  const v = env.CARD_PROVIDER || (env.STRIPE_SECRET_KEY ? 'stripe' : 'demo');
  if (v !== 'stripe' && v !== 'demo') throw new Error(`CARD_PROVIDER must be "stripe" or "demo", got "${v}"`);
  if (v === 'stripe' && (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET)) throw new Error('CARD_PROVIDER=stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET');
  return v;
}

/** A comma list of non-negative minutes (CARD_RETRY_MINUTES). @throws Error naming the value when malformed. */
function minutesList(v: string | undefined, dflt: number[]): number[] {
  if (v === undefined || v.trim() === '') return dflt;
  const list = v.split(',').map((x) => Number(x.trim()));
  if (list.some((n) => !Number.isFinite(n) || n < 0)) throw new Error(`CARD_RETRY_MINUTES must be a comma list of minutes, got "${v}"`);
  return list;
}

/** Reads the configuration. @throws Error naming the variable when a number is malformed. */
export function readConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const host = env.HOST || '127.0.0.1';
  const port = int(env, 'PORT', 8787);
  const cfg: ServerConfig = {
    host,
    port,
    dataDir: resolve(env.DATA_DIR || './data/server'),
    databaseUrl: env.DATABASE_URL || undefined,
    demoPassword: env.CPS_DEMO_PASSWORD || undefined,
    publicUrl: env.PUBLIC_URL || `http://${host}:${port}`,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'CPS Professional Services <no-reply@cps.example>',
    tokenTtlMs: int(env, 'TOKEN_TTL_HOURS', 12) * 3600_000,
    tokenCacheMs: int(env, 'TOKEN_CACHE_MS', 2000),
    bodyLimit: int(env, 'BODY_LIMIT_BYTES', 2 * 1024 * 1024),
    maxUploadBytes: int(env, 'MAX_UPLOAD_BYTES', 25 * 1024 * 1024),
    loginRateLimit: int(env, 'LOGIN_RATE_LIMIT', 10),
    corsOrigins: env.CORS_ORIGINS ? env.CORS_ORIGINS.split(',').map((s) => s.trim()) : true,
    heartbeatMs: int(env, 'HEARTBEAT_MS', 15_000),
    pullStreamsPerToken: Math.max(1, int(env, 'PULL_STREAMS_PER_TOKEN', 8)),
    pullStreamsMax: Math.max(1, int(env, 'PULL_STREAMS_MAX', 1000)),
    logLevel: env.LOG_LEVEL || 'info',
    viesUrl: env.VIES_URL === 'off' ? '' : env.VIES_URL || defaultViesUrl,
    viesTimeoutMs: int(env, 'VIES_TIMEOUT_MS', 10_000),
    viesRequester: env.VIES_REQUESTER || undefined,
    vatCheckRateLimit: int(env, 'VAT_CHECK_RATE_LIMIT', 20),
    vatCheckCacheMs: int(env, 'VAT_CHECK_CACHE_SECONDS', 600) * 1000,
    cardProvider: cardProviderOf(env),
    stripeSecretKey: env.STRIPE_SECRET_KEY || undefined,
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET || undefined,
    stripeApiBase: env.STRIPE_API_BASE || 'https://api.stripe.com',
    cardRetryMinutes: minutesList(env.CARD_RETRY_MINUTES, [60, 360, 1440]),
    cardChargeIntervalMs: int(env, 'CARD_CHARGE_INTERVAL_MINUTES', 60) * 60_000,
  };
  return { ...cfg, ...overrides };
}
