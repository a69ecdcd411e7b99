// Preloaded with `node --import` into the OCR child process (and inherited by its worker threads):
// every attempt to open a network connection is recorded to NETBLOCK_LOG and fails.
import { appendFileSync } from 'node:fs';
import net from 'node:net';
import dns from 'node:dns';
import { isMainThread, threadId } from 'node:worker_threads';

const log = process.env.NETBLOCK_LOG;
const record = (what) => {
  if (log) appendFileSync(log, `${isMainThread ? 'main' : `worker ${threadId}`}: ${what}\n`);
};
const origConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // Node passes either (options|port|path, ...) or its own normalised [options, cb] array.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const opts = typeof first === 'object' && first !== null ? first : typeof first === 'number' || /^\d+$/.test(String(first)) ? { port: first, host: args[1] } : { path: first };
  // Local IPC (pipes/UNIX sockets, e.g. tsx's) is not network.
  if (opts.path && opts.port === undefined) return origConnect.apply(this, args);
  const target = `${opts.host ?? 'localhost'}:${opts.port}`;
  record(`net.connect ${target}`);
  throw new Error(`network blocked: ${target}`);
};
dns.lookup = (host, ...rest) => {
  record(`dns.lookup ${host}`);
  const cb = rest.find((a) => typeof a === 'function');
  cb?.(new Error(`network blocked: dns ${host}`));
};
globalThis.fetch = async (input) => {
  const url = typeof input === 'string' ? input : input?.url ?? String(input);
  if (url.startsWith('file:') || url.startsWith('data:')) throw new Error(`fetch of ${url} not expected`);
  record(`fetch ${url}`);
  throw new Error(`network blocked: ${url}`);
};
