/**
 * The SDK's promise (SPEC §14, DESIGN layer 5): src/client imports socket.io-client, the
 * protocol's types and the error codes — never server code — and the browser bundle stays
 * free of zod and Node built-ins. The web UI builds only on the SDK.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function importsOf(dir: string): { file: string; spec: string; typeOnly: boolean }[] {
  const out: { file: string; spec: string; typeOnly: boolean }[] = [];
  for (const entry of fs.readdirSync(dir, { recursive: true }) as string[]) {
    if (!entry.endsWith('.ts')) continue;
    const file = path.join(dir, entry);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)) {
      out.push({ file: path.relative(root, file), spec: m[3]!, typeOnly: Boolean(m[2]) });
    }
    for (const m of text.matchAll(/import\('([^']+)'\)/g)) out.push({ file: path.relative(root, file), spec: m[1]!, typeOnly: true });
  }
  return out;
}

const resolved = (file: string, spec: string) => (spec.startsWith('.') ? path.relative(root, path.resolve(root, path.dirname(file), spec)) : spec);

describe('layer boundaries of the SDK and the web UI', () => {
  it('src/client imports only socket.io-client, src/protocol (types) and src/core/errors', () => {
    const all = importsOf(path.join(root, 'src', 'client'));
    expect(all.length).toBeGreaterThan(10);
    const bad = all.filter(({ file, spec, typeOnly }) => {
      const target = resolved(file, spec);
      if (target === 'socket.io-client' || target.startsWith('src/client/')) return false;
      if (target === 'src/core/errors.js') return false;
      if (target.startsWith('src/protocol/')) return !typeOnly;
      return true;
    });
    expect(bad).toEqual([]);
  });

  it('src/web imports only the SDK and its own modules', () => {
    const all = importsOf(path.join(root, 'src', 'web'));
    expect(all.filter((i) => i.spec.includes('client/index.js')).length).toBeGreaterThan(5);
    const bad = all.filter(({ file, spec }) => {
      const target = resolved(file, spec);
      return !(target.startsWith('src/web/') || target.startsWith('src/client/'));
    });
    expect(bad).toEqual([]);
  });

  it('bundles for the browser without zod or Node built-ins', async () => {
    const r = await build({ entryPoints: [path.join(root, 'src', 'web', 'app.ts')], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, outdir: '/tmp/parlor-boundaries', absWorkingDir: root, logLevel: 'silent' });
    const inputs = Object.keys(r.metafile.inputs);
    expect(inputs).toContain('src/client/parlor-client.ts');
    expect(inputs.filter((i) => i.includes('node_modules/zod'))).toEqual([]);
    expect(inputs.filter((i) => i.startsWith('src/') && !i.startsWith('src/web/') && !i.startsWith('src/client/') && i !== 'src/core/errors.ts')).toEqual([]);
  });
});
