/**
 * Server-Sent Events read over `fetch` (not `EventSource`, which cannot send an `Authorization`
 * header: the bearer token must never travel in a URL, see shared/sync/protocol.ts).
 * Parsing follows the WHATWG HTML "event stream interpretation" rules: lines end in CRLF, LF or
 * CR; `data:` lines of one event join with "\n"; a blank line dispatches; lines starting with ":"
 * are comments (the server's heartbeats); an optional single space after the colon is dropped.
 */

/** One dispatched event. `event` defaults to `message`. */
export interface SseEvent {
  event: string;
  data: string;
  id: string | null;
}

/**
 * Incremental parser: feed it text chunks as they arrive; it returns the events completed by
 * each chunk. Keeps partial lines between chunks.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private eventName = '';
  private lastId: string | null = null;
  private pendingCr = false;

  /** Parses `chunk` and returns the events it completed (possibly none). */
  push(chunk: string): SseEvent[] {
    const out: SseEvent[] = [];
    let text = chunk;
    // A CR at the end of the previous chunk followed by LF here is one line break.
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      const line = this.buffer.slice(start, i);
      if (c === 13) {
        if (i + 1 < this.buffer.length) {
          if (this.buffer.charCodeAt(i + 1) === 10) i++;
        } else {
          this.pendingCr = true;
        }
      }
      start = i + 1;
      const ev = this.line(line);
      if (ev) out.push(ev);
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  private line(line: string): SseEvent | null {
    if (line === '') {
      if (this.data.length === 0) {
        this.eventName = '';
        return null;
      }
      const ev: SseEvent = { event: this.eventName || 'message', data: this.data.join('\n'), id: this.lastId };
      this.data = [];
      this.eventName = '';
      return ev;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.eventName = value;
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
    return null;
  }
}

/**
 * Reads an event stream body to its end, yielding each event. `onActivity` is called on every
 * chunk received (events and heartbeat comments alike), for a liveness watchdog.
 * @throws whatever the body stream throws (network loss, abort).
 */
export async function* readSse(body: ReadableStream<Uint8Array>, onActivity?: () => void): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onActivity?.();
      for (const ev of parser.push(decoder.decode(value, { stream: true }))) yield ev;
    }
    for (const ev of parser.push(decoder.decode())) yield ev;
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
