// Type-checks every project referenced by the root tsconfig.json, each with its own runtime libs.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
const root = JSON.parse(readFileSync(new URL('../tsconfig.json', import.meta.url), 'utf8').replace(/^\s*\/\/.*$/gm, ''));
let failed = 0;
for (const { path } of root.references) {
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', `${path}/tsconfig.json`, '--noEmit'], { stdio: 'inherit' });
  console.log(`typecheck ${path}: ${r.status === 0 ? 'ok' : 'FAILED'}`);
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
