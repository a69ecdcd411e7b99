import { describe, expect, it } from 'vitest';
import { readSse, SseParser } from '../../../renderer/sync/sse';
import { parsePullStreamEvent } from '../../../renderer/sync/pullStream';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(enc.encode(ch));
      c.close();
    },
  });
}

describe('SSE parser', () => {
  it('parses events split across arbitrary chunk boundaries, CRLF/CR/LF, comments and multi-line data', async () => {
    const text = ': heartbeat\r\n\r\ndata: {"a":1}\n\nevent: custom\r\nid: 7\r\ndata: line1\rdata:line2\r\r: hb\n\ndata: RESYNC\n\n';
    for (const size of [1, 2, 3, 5, 8, 1000]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      const out = [];
      for await (const ev of readSse(streamOf(chunks))) out.push(ev);
      expect(out, `chunk size ${size}`).toEqual([
        { event: 'message', data: '{"a":1}', id: null },
        { event: 'custom', data: 'line1\nline2', id: '7' },
        { event: 'message', data: 'RESYNC', id: '7' },
      ]);
    }
  });
  it('decodes UTF-8 split inside a character and reports activity per chunk', async () => {
    const bytes = new TextEncoder().encode('data: Café Noord ✓\n\n');
    let activity = 0;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 3) c.enqueue(bytes.slice(i, i + 3));
        c.close();
      },
    });
    const out = [];
    for await (const ev of readSse(body, () => activity++)) out.push(ev.data);
    expect(out).toEqual(['Café Noord ✓']);
    expect(activity).toBe(Math.ceil(bytes.length / 3));
  });
  it('ignores a trailing event without its blank line (not dispatched)', () => {
    const p = new SseParser();
    expect(p.push('data: x\n')).toEqual([]);
  });
});

describe('pull stream events', () => {
  it('reads change batches and RESYNC in its spellings; rejects garbage', () => {
    const batch = { documents: [{ id: 'a', updatedAt: 't', _deleted: false }], checkpoint: { id: 'a', updatedAt: 't' } };
    expect(parsePullStreamEvent({ event: 'message', data: JSON.stringify(batch), id: null })).toEqual(batch);
    expect(parsePullStreamEvent({ event: 'message', data: 'RESYNC', id: null })).toBe('RESYNC');
    expect(parsePullStreamEvent({ event: 'message', data: '"RESYNC"', id: null })).toBe('RESYNC');
    expect(parsePullStreamEvent({ event: 'resync', data: '', id: null })).toBe('RESYNC');
    expect(parsePullStreamEvent({ event: 'welcome', data: '{}', id: null })).toBeNull();
    expect(() => parsePullStreamEvent({ event: 'message', data: '{oops', id: null })).toThrow(/cannot read/);
    expect(() => parsePullStreamEvent({ event: 'message', data: '{"documents":1}', id: null })).toThrow(/cannot read/);
  });
});
