/**
 * The lint rule "UI files never write" (eslint.config.js): a probe screen that writes to the
 * database, calls `fetch` or reaches for the database object fails the project's own ESLint
 * configuration, and the same code passes in renderer/actions (the one place allowed to do it).
 * Runs ESLint's Node API with the repository's config on in-memory probe files.
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

/** A screen doing what only actions may: each line is one violation. */
const probe = `
import { useApp } from '../app/context';
export async function save(id: string) {
  const { db } = useApp();
  await db.registrations.insert({ id });
  const doc = await useApp().db.evidenceDocuments.findOne(id).exec();
  await doc!.incrementalPatch({ fileName: 'x.pdf' });
  await doc!.putAttachment({ id: 'file', data: new Blob([]), type: 'application/pdf' });
  await fetch('/auth/login');
  await window.fetch('/auth/logout');
}
`;

/** Rule ids and messages of the problems ESLint reports for `code` as if it were the file `path`. */
async function lint(eslint: ESLint, code: string, path: string) {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
  return result!.messages.map((m) => ({ rule: m.ruleId, line: m.line, message: m.message }));
}

describe('lint rule: UI files never write (eslint.config.js)', () => {
  let eslint: ESLint;
  beforeAll(() => {
    eslint = new ESLint({ cwd: root });
  });

  it.each(['renderer/screens/Probe.tsx', 'renderer/components/Probe.tsx', 'renderer/desk/Probe.tsx'])('fails a probe in %s on every write, fetch and database access', async (path) => {
    const problems = (await lint(eslint, probe, path)).filter((p) => p.rule === 'no-restricted-syntax');
    const lines = (re: RegExp) => problems.filter((p) => re.test(p.message)).map((p) => p.line);
    // line numbers are those of `probe` above (line 1 is the empty line after the backtick)
    expect(lines(/never write to the database/)).toEqual([5, 7, 8]);
    expect(lines(/never call the server/)).toEqual([9, 10]);
    expect(lines(/never through the database object/)).toEqual([4, 6]);
  });

  it('lets hooks read the database but not write it', async () => {
    const problems = (await lint(eslint, probe, 'renderer/hooks/probe.ts')).filter((p) => p.rule === 'no-restricted-syntax');
    expect(problems.map((p) => p.line)).toEqual([5, 7, 8, 9, 10]);
  });

  it('passes the same code in renderer/actions', async () => {
    const problems = (await lint(eslint, probe, 'renderer/actions/probe.ts')).filter((p) => p.rule === 'no-restricted-syntax');
    expect(problems).toEqual([]);
  });
});
