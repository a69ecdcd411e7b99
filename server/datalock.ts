/**
 * One process per data folder: the lock `<DATA_DIR>/server.lock` that the server and the
 * back-office commands take before they open the PGlite database, and hold for the process's life.
 *
 * The file names its holder (`{pid, role, host, procStart, startedAt, nonce}`). It is created
 * atomically with its content (written to a temporary file, then hard-linked to the lock name,
 * which fails when the name exists: POSIX link(2); where hard links are not supported, an
 * exclusive create, open(2) `O_CREAT|O_EXCL`). The lock is held while its holder process exists —
 * a stopped (SIGSTOP) or busy holder keeps it, so no second process ever opens the folder beside
 * it. A lock whose process is gone (SIGKILL, crash, power loss) is stale and is taken over: under
 * a short-lived guard directory (mkdir(2) is atomic), the taker checks that the file still holds
 * the same stale content and only then removes it, so two processes taking over at once never
 * remove each other's fresh lock. On Linux the holder's start time (`/proc/<pid>/stat` field 22,
 * proc(5)) is recorded too, so a new process that happens to get a dead holder's pid is not
 * mistaken for it. A holder on another host (a data folder on a network share) cannot be checked
 * and always counts as alive.
 *
 * Why not an mtime-refresh lock library (proper-lockfile and alike): those declare a lock stale
 * when its holder stops refreshing it, so a holder that is stopped or starved for longer than the
 * stale period loses it to a second process while it still has the database open — the very
 * failure this lock exists to prevent. Node has no flock(2) without a native addon.
 */
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, rmdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Who holds a data folder. */
export interface LockHolder {
  pid: number;
  /** `server` (`npm run server`) or `command` (a back-office command opening the folder itself). */
  role: 'server' | 'command';
  host: string;
  /** Linux: the process start time in clock ticks since boot (proc(5)); null elsewhere. */
  procStart: string | null;
  /** ISO 8601 time the lock was taken. */
  startedAt: string;
  nonce: string;
}

/** The lock's file name inside the data folder. */
export const lockFileName = 'server.lock';

/** A held lock. `release()` is idempotent and also runs when the process exits normally. */
export interface DataFolderLock {
  readonly path: string;
  readonly holder: LockHolder;
  release(): void;
}

/** The outcome of {@link acquireDataFolderLock}. */
export type LockAttempt = { acquired: true; lock: DataFolderLock } | { acquired: false; holder: LockHolder };

/** Start time of process `pid` from `/proc/<pid>/stat` (field 22), or null where there is no /proc. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) is in parentheses and may hold spaces: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** True while the holder's process exists (stopped counts), or when it cannot be checked (other host). */
export function holderAlive(h: LockHolder): boolean {
  if (h.host !== hostname()) return true;
  if (h.pid === process.pid) return true;
  try {
    process.kill(h.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    // EPERM: it exists but belongs to another user.
  }
  if (h.procStart !== null) {
    const now = processStartTime(h.pid);
    if (now !== null && now !== h.procStart) return false; // the pid was reused by a new process
  }
  return true;
}

function parseHolder(raw: string): LockHolder | null {
  try {
    const h = JSON.parse(raw) as Partial<LockHolder>;
    if (!Number.isInteger(h.pid) || (h.role !== 'server' && h.role !== 'command') || typeof h.host !== 'string') return null;
    return { pid: h.pid!, role: h.role, host: h.host, procStart: typeof h.procStart === 'string' ? h.procStart : null, startedAt: String(h.startedAt ?? ''), nonce: String(h.nonce ?? '') };
  } catch {
    return null;
  }
}

function readRaw(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** The live holder of `dataDir`'s lock, or null when it is free or stale. */
export function dataFolderHolder(dataDir: string): LockHolder | null {
  const raw = readRaw(join(dataDir, lockFileName));
  const h = raw === null ? null : parseHolder(raw);
  return h && holderAlive(h) ? h : null;
}

/** Creates `path` holding `content`, atomically; false when it exists. */
function createExclusive(path: string, content: string): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw err;
  } finally {
    unlinkSync(tmp);
  }
  // No hard links on this file system: exclusive create (a reader may see it empty for a moment).
  try {
    const fd2 = openSync(path, 'wx', 0o644);
    try {
      writeSync(fd2, content);
    } finally {
      closeSync(fd2);
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Removes the lock at `path` if it still holds `staleRaw`, under the takeover guard. False when the guard is busy. */
function removeStale(path: string, staleRaw: string): boolean {
  const guard = `${path}.takeover`;
  try {
    mkdirSync(guard);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // A guard is held for microseconds; one older than 10 s was left by a killed process.
    try {
      if (Date.now() - statSync(guard).mtimeMs > 10_000) rmdirSync(guard);
    } catch {
      // removed meanwhile
    }
    return false;
  }
  try {
    if (readRaw(path) === staleRaw) unlinkSync(path);
  } finally {
    rmdirSync(guard);
  }
  return true;
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Takes `dataDir`'s lock for this process as `role` (creating the folder), or reports its live holder.
 * A stale lock (holder gone) is taken over. The lock is released on `release()` and on process exit.
 * @throws on file-system errors other than contention (e.g. EACCES on the folder).
 */
export function acquireDataFolderLock(dataDir: string, role: LockHolder['role']): LockAttempt {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, lockFileName);
  const me: LockHolder = { pid: process.pid, role, host: hostname(), procStart: processStartTime(process.pid), startedAt: new Date().toISOString(), nonce: randomBytes(8).toString('hex') };
  const content = JSON.stringify(me);
  for (let attempt = 0; attempt < 200; attempt++) {
    if (createExclusive(path, content)) return { acquired: true, lock: heldLock(path, me) };
    const raw = readRaw(path);
    if (raw === null) continue; // released meanwhile
    const holder = parseHolder(raw);
    if (holder && holderAlive(holder)) return { acquired: false, holder };
    if (!holder) {
      // Empty or partial: being written by an exclusive create right now, unless it is old.
      let age: number;
      try {
        age = Date.now() - statSync(path).mtimeMs;
      } catch {
        continue;
      }
      if (age < 2000) {
        sleepSync(20);
        continue;
      }
    }
    if (!removeStale(path, raw)) sleepSync(20);
  }
  throw new Error(`could not take the lock ${path}: it keeps changing`);
}

function heldLock(path: string, holder: LockHolder): DataFolderLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const raw = readRaw(path);
    if (raw !== null && parseHolder(raw)?.nonce === holder.nonce) unlinkSync(path);
  };
  process.on('exit', release);
  return { path, holder, release };
}

/** One line saying who holds the folder, for the second process that wanted it. */
export function heldMessage(dataDir: string, h: LockHolder): string {
  const who = h.role === 'server' ? 'a running server' : 'a back-office command';
  const where = h.host === hostname() ? '' : ` on host ${h.host}`;
  return `the data folder ${dataDir} is in use by ${who} (pid ${h.pid}${where}); only one process may open it — stop that process or set DATA_DIR to another folder`;
}
