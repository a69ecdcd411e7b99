/** Unit tests of main/settings.ts: the computer's settings. */
import { describe, expect, it, vi } from 'vitest';
import { SettingsService } from '../../../main/settings';

// Nothing here imports the `electron` package; if something did, this mock keeps the binary out.
vi.mock('electron', () => ({}));

describe('settings service', () => {
  const store = () => {
    const data = new Map<string, unknown>();
    return { get: (k: string) => data.get(k), set: (k: string, v: unknown) => void data.set(k, v) };
  };
  it('returns defaults, persists valid patches and refuses invalid ones', () => {
    const s = new SettingsService(store());
    expect(s.get().language).toBe('en');
    expect(s.set({ language: 'nl', serverUrl: 'http://127.0.0.1:9000' })).toMatchObject({ language: 'nl', serverUrl: 'http://127.0.0.1:9000' });
    expect(s.get().language).toBe('nl');
    expect(() => s.set({ serverUrl: 'not a url' })).toThrow();
    // what belongs to one user is not a setting of the computer
    expect(() => s.set({ defaultCountry: 'BE' } as never)).toThrow();
    expect(s.get().serverUrl).toBe('http://127.0.0.1:9000');
  });
  it('recovers field by field from a corrupt stored value, dropping the per-user values of earlier versions', () => {
    const st = store();
    st.set('settings', { language: 'nl', serverUrl: 42, dealerName: 'Foto Jansen', userEmail: 'a@example.test' });
    const got = new SettingsService(st).get();
    expect(got).toMatchObject({ language: 'nl', serverUrl: 'http://127.0.0.1:8787' });
    expect(got).not.toHaveProperty('dealerName');
    expect(got).not.toHaveProperty('userEmail');
  });
});
