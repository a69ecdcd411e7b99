/** Unit tests of main/secrets.ts: the secret store on safeStorage. */
import { describe, expect, it, vi } from 'vitest';
import { createSecretStore } from '../../../main/secrets';

// Nothing here imports the `electron` package; if something did, this mock keeps the binary out.
vi.mock('electron', () => ({}));

describe('secret store (safeStorage)', () => {
  const file = () => {
    let data: Record<string, string> = {};
    return { read: () => ({ ...data }), write: (d: Record<string, string>) => void (data = d), peek: () => data };
  };
  const safe = (backend: string) => ({
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString: (s: string) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
    decryptString: (b: Buffer) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
  });
  it('stores encrypted and reads back', async () => {
    const f = file();
    const s = createSecretStore(safe('gnome_libsecret'), f, 'linux');
    await expect(s.store('sync-token', 'tok-123')).resolves.toEqual({ stored: true });
    expect(JSON.stringify(f.peek())).not.toContain('tok-123');
    await expect(s.read('sync-token')).resolves.toBe('tok-123');
    await s.remove('sync-token');
    await expect(s.read('sync-token')).resolves.toBeNull();
  });
  it('refuses the plain-text backend on Linux', async () => {
    const f = file();
    const s = createSecretStore(safe('basic_text'), f, 'linux');
    await expect(s.available()).resolves.toBe(false);
    await expect(s.store('sync-token', 'tok')).resolves.toEqual({ stored: false, reason: 'insecure-backend' });
    expect(f.peek()).toEqual({});
  });
});
