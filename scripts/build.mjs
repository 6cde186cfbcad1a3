// Transpiles src/ to dist/ with esbuild (one bundle per entry point, dependencies kept
// external), and bundles the web UI (src/web/, SDK and socket.io-client included) for the
// browser into web/dist/, served at /assets/dist/. Fast enough (~200 ms) to run before
// every `npm start`; type checking is `npm run typecheck` (tsc), which `npm test` runs.
import { build } from 'esbuild';

const quiet = process.argv.includes('--quiet');
const t0 = Date.now();
await Promise.all([
  build({
    entryPoints: ['src/main.ts', 'src/token.ts', 'src/index.ts', 'src/client/index.ts'],
    outdir: 'dist',
    outbase: 'src',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  }),
  build({
    entryPoints: { app: 'src/web/app.ts', admin: 'src/web/admin.ts' },
    outdir: 'web/dist',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['es2020', 'chrome90', 'firefox90', 'safari14'],
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  }),
]);
if (!quiet) console.error(`build: dist/ and web/dist/ ready in ${Date.now() - t0} ms`);
