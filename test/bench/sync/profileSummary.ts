/**
 * Summarises a CPU profile of the sync bench (`BENCH_PROFILE=<dir> npx tsx test/bench/sync-pull.ts`):
 * self time per function (name, file, line), the top entries, and the idle/GC/program shares.
 * Run: `npx tsx test/bench/sync/profileSummary.ts <file.cpuprofile> [top=40]`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profileSummary.ts <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = (profile.endTime - profile.startTime) / 1000;
const perFunction = new Map<string, number>();
for (const [id, us] of self) {
  const f = byId.get(id)!.callFrame;
  const where = f.url ? `${f.url.split('/').pop()}:${f.lineNumber + 1}` : '';
  const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
  perFunction.set(key, (perFunction.get(key) ?? 0) + us / 1000);
}
const rows = [...perFunction.entries()].sort((a, b) => b[1] - a[1]);
console.log(`${file}: ${total.toFixed(0)} ms profiled`);
for (const [key, ms] of rows.slice(0, Number(topArg ?? 40))) console.log(`${ms.toFixed(0).padStart(8)} ms ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
