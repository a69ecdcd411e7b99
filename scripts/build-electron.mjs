// Bundles the Electron main process (ESM) and the preload script (CommonJS: sandboxed preloads
// cannot be ES modules) with esbuild. The renderer is built by Vite (vite.config.ts).
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, external: ['electron'], logLevel: 'info' };
await build({ ...common, entryPoints: ['main/index.ts'], outfile: 'out/main/index.js', format: 'esm', packages: 'external' });
await build({ ...common, entryPoints: ['preload/index.ts'], outfile: 'out/preload/index.cjs', format: 'cjs' });
