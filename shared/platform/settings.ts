import { z } from 'zod';

/** The computer's settings' fields without defaults (the shape of a patch). */
const fields = {
  language: z.enum(['en', 'nl']),
  /** Base URL of the program server, e.g. `http://127.0.0.1:8787`. */
  serverUrl: z.string().url().or(z.literal('')),
  /** Last window bounds in device-independent pixels (desktop only). */
  windowBounds: z.object({ x: z.number().int().optional(), y: z.number().int().optional(), width: z.number().int().min(400), height: z.number().int().min(300) }),
};

/**
 * Settings of this computer, shared by everyone who signs in on it: language, program server,
 * window bounds. Kept by main in electron-store (desktop) or localStorage (browser). Secrets (the
 * sync token) are never part of settings (see `SecretStore`); what belongs to one user is in
 * `UserSettings`.
 */
export const settingsSchema = z.object({
  language: fields.language.default('en'),
  serverUrl: fields.serverUrl.default('http://127.0.0.1:8787'),
  windowBounds: fields.windowBounds.optional(),
});

export type Settings = z.infer<typeof settingsSchema>;

/** Defaults of every computer setting. */
export const defaultSettings: Settings = settingsSchema.parse({});

/** Validates a partial update: only the given keys, no defaults filled in; unknown keys are an error. */
export const settingsPatchSchema = z.object(fields).partial().strict();

const userFields = {
  /** Dealer identity shown on registrations as the default dealer name. */
  dealerName: z.string().max(120),
  /** ISO 3166 alpha-2 default country of purchase. */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/),
};

/**
 * Settings of one signed-in user on one program server (the account of `LocalAccount.key`):
 * removed with the user's local data.
 */
export const userSettingsSchema = z.object({
  dealerName: userFields.dealerName.default(''),
  defaultCountry: userFields.defaultCountry.default('NL'),
});

export type UserSettings = z.infer<typeof userSettingsSchema>;

/** Defaults of every user setting. */
export const defaultUserSettings: UserSettings = userSettingsSchema.parse({});

/** Validates a partial update of user settings; unknown keys are an error. */
export const userSettingsPatchSchema = z.object(userFields).partial().strict();

/**
 * Key of one (program server, user) account on this computer: 32 lower-case hex digits of a
 * SHA-256 over the server origin and the user's id (renderer/app/accounts.ts). It names the
 * local database, the token secret and the user's settings without revealing the e-mail.
 */
export const accountKeySchema = z.string().regex(/^[0-9a-f]{32}$/);

/**
 * One user who has a local replica on this computer: the per-computer index behind the sign-in
 * screen's "switch user" list. Holds no secret and no customer data: the e-mail is all it shows.
 */
export const localAccountSchema = z
  .object({
    key: accountKeySchema,
    /** Origin of the program server, e.g. `http://127.0.0.1:8787`. */
    serverOrigin: z.string().url().max(300),
    /** The user's id on that server. */
    userId: z.string().min(1).max(200),
    email: z.string().max(254),
    /** IndexedDB name prefix of the user's local database (RxDB database name). */
    databaseName: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/),
    /** ISO 8601 time of the last sign-in. */
    lastSignInAt: z.string().max(40),
  })
  .strict();

export type LocalAccount = z.infer<typeof localAccountSchema>;
