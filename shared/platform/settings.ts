import { z } from 'zod';

/**
 * User settings, kept by main in electron-store (desktop) or localStorage (browser).
 * Secrets (the sync token) are never part of settings: see `SecretStore`.
 */
export const settingsSchema = z.object({
  language: z.enum(['en', 'nl']).default('en'),
  /** Base URL of the program server, e.g. `http://127.0.0.1:8787`. */
  serverUrl: z.string().url().or(z.literal('')).default('http://127.0.0.1:8787'),
  /** E-mail of the signed-in user (no password, no token). */
  userEmail: z.string().max(254).default(''),
  /** Dealer identity shown on registrations as the default dealer name. */
  dealerName: z.string().max(120).default(''),
  /** ISO 3166 alpha-2 default country of purchase. */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/).default('NL'),
  /** Last window bounds in device-independent pixels (desktop only). */
  windowBounds: z
    .object({ x: z.number().int().optional(), y: z.number().int().optional(), width: z.number().int().min(400), height: z.number().int().min(300) })
    .optional(),
});

export type Settings = z.infer<typeof settingsSchema>;

/** Defaults of every setting. */
export const defaultSettings: Settings = settingsSchema.parse({});

/** Validates a partial update; unknown keys are an error, not silently dropped. */
export const settingsPatchSchema = settingsSchema.partial().strict();
