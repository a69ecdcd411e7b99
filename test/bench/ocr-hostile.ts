/**
 * Hostile evidence files through the OCR CLI: time, peak RSS, exit code and the first stderr line
 * per file, measured with GNU time (`/usr/bin/time -v`, "Maximum resident set size": the whole
 * process, worker threads included). A run still going after `--kill-after` seconds (default 60)
 * is killed and reported as such (a measurement of how bad it was, not a result).
 *
 *   npx tsx test/bench/ocr-hostile.ts [--kill-after 60] [file ...]
 *
 * Files: test/fixtures/hostile/ (regenerate with `npx tsx test/fixtures/hostile/generate.ts`).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = 'test/fixtures/hostile';

/** One measured CLI run. */
export interface HostileRun {
  file: string;
  seconds: number;
  peakRssMb: number;
  exit: number | string;
  stderr: string;
  stdout: string;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * Runs `npm run ocr -- <file> --lang eng [extra]` under `/usr/bin/time -v` and returns what it measured.
 * `killAfterS`: the node process is SIGKILLed after that many seconds (exit reported as 'killed').
 */
export function measureOcrCli(file: string, killAfterS = 60, extra: string[] = []): Promise<HostileRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-v', process.execPath, '--import', 'tsx', 'tools/ocr/cli.ts', file, '--lang', 'eng', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      for (const pid of childrenOf(child.pid!)) process.kill(pid, 'SIGKILL');
    }, killAfterS * 1000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
      const status = /Exit status: (\d+)/.exec(err);
      const signal = /Command terminated by signal (\d+)/.exec(err);
      const own = err.split('\n').filter((l) => !/^\s|^Command (exited|terminated)/.test(l) && l.trim());
      resolve({
        file,
        seconds: Math.round((performance.now() - t0) / 100) / 10,
        peakRssMb: rss ? Math.round(Number(rss[1]) / 1024) : -1,
        exit: killed ? 'killed' : status ? Number(status[1]) : signal ? `signal ${signal[1]}` : 'unknown',
        stderr: own.join('\n'),
        stdout: out,
      });
    });
  });
}

if (process.argv[1]?.endsWith('ocr-hostile.ts')) {
  const args = process.argv.slice(2);
  let killAfter = 60;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--kill-after') killAfter = Number(args[++i]);
    else files.push(args[i]!);
  }
  const names = files.length ? files : readdirSync(dir).filter((f) => /\.(pdf|png|jpg|tif)$/.test(f)).map((f) => join(dir, f));
  console.log(`OCR CLI on hostile files (kill after ${killAfter} s), load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  console.log(`${'file'.padEnd(28)} ${'time s'.padStart(7)} ${'peak MB'.padStart(8)}  exit     first stderr line`);
  for (const f of names) {
    const r = await measureOcrCli(f, killAfter);
    console.log(`${r.file.replace(`${dir}/`, '').padEnd(28)} ${String(r.seconds).padStart(7)} ${String(r.peakRssMb).padStart(8)}  ${String(r.exit).padEnd(8)} ${(r.stderr.split('\n')[0] ?? '').slice(0, 110)}`);
  }
}
