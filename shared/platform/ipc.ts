import { z } from 'zod';
import { isAllowedExternalUrl } from './api';
import { accountKeySchema, localAccountSchema, settingsPatchSchema, userSettingsPatchSchema } from './settings';

/**
 * IPC channels between preload and main, each with the zod schema of its payload (arguments
 * array). Main validates every payload with `parseIpcPayload` before acting (README, "Security").
 */
export const ipcChannels = {
  'app:info': z.tuple([]),
  'settings:get': z.tuple([]),
  'settings:set': z.tuple([settingsPatchSchema]),
  'file:open-document': z.tuple([]),
  'file:save': z.tuple([
    z.string().min(1).max(255),
    z.enum(['pdf', 'zip', 'json']),
    z.instanceof(Uint8Array).refine((b) => b.byteLength <= 512 * 1024 * 1024, 'file larger than 512 MB'),
  ]),
  'secrets:available': z.tuple([]),
  'secrets:store': z.tuple([z.string().regex(/^[a-z][a-z0-9-]{0,39}$/), z.string().min(1).max(8192)]),
  'secrets:read': z.tuple([z.string().regex(/^[a-z][a-z0-9-]{0,39}$/)]),
  'secrets:remove': z.tuple([z.string().regex(/^[a-z][a-z0-9-]{0,39}$/)]),
  'accounts:list': z.tuple([]),
  'accounts:remember': z.tuple([localAccountSchema]),
  'accounts:forget': z.tuple([accountKeySchema]),
  'accounts:get-settings': z.tuple([accountKeySchema]),
  'accounts:set-settings': z.tuple([accountKeySchema, userSettingsPatchSchema]),
  'shell:open-external': z.tuple([z.string().max(2048).refine(isAllowedExternalUrl, 'only https URLs (or http on localhost) may be opened outside the app')]),
} as const;

export type IpcChannel = keyof typeof ipcChannels;
export type IpcArgs<C extends IpcChannel> = z.infer<(typeof ipcChannels)[C]>;

/** A payload rejected by `parseIpcPayload`; `message` names the channel and the offending path. */
export class IpcPayloadError extends Error {
  constructor(
    readonly channel: string,
    readonly issues: string[],
  ) {
    super(`Invalid payload on IPC channel "${channel}": ${issues.join('; ')}`);
    this.name = 'IpcPayloadError';
  }
}

/**
 * Validates the arguments of an IPC call.
 * @throws IpcPayloadError for an unknown channel or arguments that do not match the schema.
 */
export function parseIpcPayload<C extends IpcChannel>(channel: C | string, args: unknown[]): IpcArgs<C> {
  const schema = (ipcChannels as Record<string, z.ZodType>)[channel];
  if (!schema) throw new IpcPayloadError(String(channel), ['unknown channel']);
  const result = schema.safeParse(args);
  if (!result.success) {
    throw new IpcPayloadError(
      String(channel),
      result.error.issues.map((i) => `${i.path.length ? `argument ${i.path.join('.')}` : 'arguments'}: ${i.message}`),
    );
  }
  return result.data as IpcArgs<C>;
}
