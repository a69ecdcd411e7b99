/**
 * Secret storage with Electron `safeStorage`: values are encrypted with the OS keychain
 * (Keychain, DPAPI, libsecret/kwallet) and kept as base64 ciphertext in a file in user data.
 * On Linux, when only the `basic_text` backend is available (no keyring), storing is refused:
 * a token in plain text is worse than signing in again.
 */
import type { SecretStore } from '../shared/platform/api';

/** What this module needs of Electron's `safeStorage` (mockable in tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/** What this module needs of the file system: read/write one JSON file. */
export interface SecretFile {
  read(): Record<string, string>;
  write(data: Record<string, string>): void;
}

/** Creates the secret store over safeStorage and a file. `platform` is `process.platform`. */
export function createSecretStore(safe: SafeStorageLike, file: SecretFile, platform: string): SecretStore {
  const secure = (): boolean => {
    if (!safe.isEncryptionAvailable()) return false;
    if (platform === 'linux' && safe.getSelectedStorageBackend?.() === 'basic_text') return false;
    return true;
  };
  return {
    async available() {
      return secure();
    },
    async store(name, value) {
      if (!safe.isEncryptionAvailable()) return { stored: false, reason: 'unavailable' };
      if (!secure()) return { stored: false, reason: 'insecure-backend' };
      const data = file.read();
      data[name] = safe.encryptString(value).toString('base64');
      file.write(data);
      return { stored: true };
    },
    async read(name) {
      const value = file.read()[name];
      if (!value || !secure()) return null;
      try {
        return safe.decryptString(Buffer.from(value, 'base64'));
      } catch {
        return null;
      }
    },
    async remove(name) {
      const data = file.read();
      delete data[name];
      file.write(data);
    },
  };
}
