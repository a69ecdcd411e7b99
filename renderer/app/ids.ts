/** Document ids and timestamps made on the client. */
import { v7 as uuidv7 } from 'uuid';

/** A new UUID v7 (time-ordered) document id. */
export function newId(): string {
  return uuidv7();
}

/** Now as ISO 8601 with microsecond precision (the server's `updatedAt` format). */
export function nowIso(): string {
  return new Date().toISOString().replace('Z', '000Z');
}

/** Today as `YYYY-MM-DD` in the local time zone. */
export function todayIso(date = new Date()): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
