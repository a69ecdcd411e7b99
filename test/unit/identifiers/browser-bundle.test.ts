/**
 * shared/identifiers and shared/program must work in the renderer's browser bundle: bundled for
 * the browser platform (no `fs`, no Node built-ins) and run in a bare JavaScript context without
 * `require`, `process` or `Buffer`, they load and validate.
 */
import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('browser bundle of shared/identifiers and shared/program', () => {
  it('bundles for the browser and runs without Node globals', async () => {
    const result = await build({
      stdin: {
        contents: `export * as identifiers from './shared/identifiers'; export * as program from './shared/program';`,
        resolveDir: repoRoot,
        loader: 'ts',
      },
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'shared',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((i) => i.startsWith('node:') || /(^|\/)(fs|path|os|crypto)$/.test(i))).toEqual([]);
    const code = result.outputFiles[0]!.text;

    const sandbox: Record<string, unknown> = {};
    vm.createContext(sandbox);
    vm.runInContext(`${code}\nglobalThis.shared = shared;`, sandbox, { timeout: 10_000 });
    const shared = sandbox.shared as {
      identifiers: typeof import('../../../shared/identifiers');
      program: typeof import('../../../shared/program');
    };
    expect(vm.runInContext('typeof require + typeof process + typeof Buffer', sandbox)).toBe('undefinedundefinedundefined');
    expect(shared.identifiers.validateVatNumber('NL004495445B01')).toEqual({ valid: true, normalised: 'NL004495445B01' });
    expect(shared.identifiers.countryName('NL', 'nl')).toBe('Nederland');
    expect(shared.identifiers.validateIban('NL91ABNA0417164300').valid).toBe(true);
    expect(shared.program.vatCents(8500, 21)).toBe(1785);
  }, 30_000);
});

describe('import boundaries of shared/program and shared/identifiers (docs/architecture.md)', () => {
  const allowedPackages = [/^stdnum$/, /^ibantools$/, /^i18n-iso-countries(\/langs\/(nl|en)\.json)?$/, /^zod$/];
  const files = ['shared/program', 'shared/identifiers'].flatMap((dir) =>
    readdirSync(path.join(repoRoot, dir)).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f)),
  );

  it.each(files)('%s imports only shared/ and browser-safe packages', (file) => {
    const source = readFileSync(path.join(repoRoot, file), 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
    for (const spec of specifiers) {
      if (spec.startsWith('.')) {
        const target = path.relative(repoRoot, path.resolve(repoRoot, path.dirname(file), spec));
        expect(target.startsWith(`shared${path.sep}`), `${file} imports ${spec} outside shared/`).toBe(true);
      } else {
        expect(allowedPackages.some((re) => re.test(spec)), `${file} imports package ${spec}`).toBe(true);
      }
    }
  });
});
