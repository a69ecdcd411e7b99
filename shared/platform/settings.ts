import { z } from 'zod';

/** The settings' fields without defaults (the shape of a patch). */
const fields = {
  language: z.enum(['en', 'nl']),
  /** Base URL of the program server, e.g. `http://127.0.0.1:8787`. */
  serverUrl: z.string().url().or(z.literal('')),
  /** E-mail of the signed-in user (no password, no token). */
  userEmail: z.string().max(254),
  /** Dealer identity shown on registrations as the default dealer name. */
  dealerName: z.string().max(120),
  /** ISO 3166 alpha-2 default country of purchase. */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/),
  /** Last window bounds in device-independent pixels (desktop only). */
  windowBounds: z.object({ x: z.number().int().optional(), y: z.number().int().optional(), width: z.number().int().min(400), height: z.number().int().min(300) }),
};

/**
 * User settings, kept by main in electron-store (desktop) or localStorage (browser).
 * Secrets (the sync token) are never part of settings: see `SecretStore`.
 */
export const settingsSchema = z.object({
  language: fields.language.default('en'),
  serverUrl: fields.serverUrl.default('http://127.0.0.1:8787'),
  userEmail: fields.userEmail.default(''),
  dealerName: fields.dealerName.default(''),
  defaultCountry: fields.defaultCountry.default('NL'),
  windowBounds: fields.windowBounds.optional(),
});

export type Settings = z.infer<typeof settingsSchema>;

/** Defaults of every setting. */
export const defaultSettings: Settings = settingsSchema.parse({});

/** Validates a partial update: only the given keys, no defaults filled in; unknown keys are an error. */
export const settingsPatchSchema = z.object(fields).partial().strict();
