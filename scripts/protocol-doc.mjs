// Rewrites the generated blocks of docs/PROTOCOL.md from the router table (every client→server
// event with its payload fields and rate class, the rate classes, the game modules' events).
// Hand-kept sections (replies, pushes, error codes) are left as they are.
//   node scripts/protocol-doc.mjs           rewrite docs/PROTOCOL.md
//   node scripts/protocol-doc.mjs --check   exit 1 (and say why) when it is out of date
// The generator is TypeScript (src/transport/protocol-doc.ts); esbuild bundles it to
// dist/tools/ first, as scripts/build.mjs does for the server.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'dist', 'tools', 'protocol-doc.js');
await build({
  entryPoints: [path.join(root, 'src', 'transport', 'protocol-doc.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
const { renderProtocolDoc, protocolDocProblems } = await import(pathToFileURL(outfile).href);

const file = path.join(root, 'docs', 'PROTOCOL.md');
const current = fs.readFileSync(file, 'utf8');
if (process.argv.includes('--check')) {
  const problems = protocolDocProblems(current);
  for (const p of problems) console.error(`docs/PROTOCOL.md: ${p}`);
  process.exit(problems.length ? 1 : 0);
}
const next = renderProtocolDoc(current);
if (next !== current) fs.writeFileSync(file, next);
console.error(next === current ? 'docs/PROTOCOL.md is up to date' : 'docs/PROTOCOL.md rewritten');
for (const p of protocolDocProblems(next)) console.error(`docs/PROTOCOL.md: ${p}`);
