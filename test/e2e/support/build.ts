/**
 * The browser tests load the renderer's production build (served by `vite preview`). Without it
 * the preview server answers nothing and Playwright would wait for its whole webServer timeout
 * before failing with a message that does not say why; `playwright.config.ts` checks first.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Absolute folder of the renderer build the browser tests load: `E2E_BUILD_DIR`, default `out/renderer` (from the working directory). */
export const e2eBuildDir = resolve(process.env.E2E_BUILD_DIR ?? 'out/renderer');

/**
 * Why the browser tests cannot run on the build in `dir` (one line), or null when `dir/index.html` exists.
 * @param dir the renderer build folder, relative to the working directory or absolute.
 */
export function missingBuildReason(dir: string): string | null {
  if (existsSync(join(dir, 'index.html'))) return null;
  return `test:e2e: no renderer build in ${dir} (index.html missing); run \`npm run build\` first`;
}
