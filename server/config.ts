/**
 * Server configuration from the environment (README "Configuration").
 * HOST (127.0.0.1), PORT (8787), DATA_DIR (./data/server: PGlite folder, .eml outbox, runtime file),
 * DATABASE_URL (postgres://… switches from PGlite to PostgreSQL), CPS_DEMO_PASSWORD, PUBLIC_URL,
 * SMTP_URL, MAIL_FROM, TOKEN_TTL_HOURS (12), BODY_LIMIT_BYTES (2 MiB), LOGIN_RATE_LIMIT (10 per
 * minute per client address and e-mail), CORS_ORIGINS (comma list; default any origin — tokens
 * travel in headers, never cookies), PULL_STREAMS_PER_TOKEN (8), PULL_STREAMS_MAX (1000), LOG_LEVEL (info),
 * VIES_URL (the EU VAT service's check-vat-number REST endpoint; `off` disables VIES checks),
 * VIES_TIMEOUT_MS (10000), VIES_REQUESTER (own VAT number, for a consultation number),
 * MAX_UPLOAD_BYTES (25 MiB: largest evidence file accepted by the tus upload at /files/).
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
}

function int(env: NodeJS.ProcessEnv, name: string, dflt: number): number {
  const v = env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${v}"`);
  return n;
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
  };
  return { ...cfg, ...overrides };
}
