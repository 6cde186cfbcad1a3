/**
 * docs/CLIENT.md's quick start is real code: this test takes the block after
 * `<!-- quick-start -->`, strips its types with esbuild, points `parlor/client` at the
 * built SDK and runs it twice against a real server, as the doc tells a reader to.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transform } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../support/server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await TestServer.start();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parlor-quick-start-'));
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function quickStart(): string {
  const doc = fs.readFileSync(path.join(root, 'docs', 'CLIENT.md'), 'utf8');
  const m = /<!-- quick-start -->\s*```ts\n([\s\S]*?)```/.exec(doc);
  if (!m) throw new Error('docs/CLIENT.md has no quick-start block');
  return m[1]!;
}

function run(file: string, name: string): { output: () => string; done: Promise<{ code: number | null; out: string }> } {
  const child = spawn(process.execPath, [file, name], { env: { ...process.env, PARLOR_URL: server.url }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  const done = new Promise<{ code: number | null; out: string }>((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    }),
  );
  return { output: () => out, done };
}

describe('docs/CLIENT.md quick start', () => {
  it('runs as written: two players quick-match tictactoe and play it to the end', async () => {
    const sdk = pathToFileURL(path.join(root, 'dist', 'client', 'index.js')).href;
    const ts = quickStart();
    expect(ts).toContain("from 'parlor/client'");
    const { code } = await transform(ts, { loader: 'ts', format: 'esm', target: 'node20' });
    const file = path.join(dir, 'play.mjs');
    fs.writeFileSync(file, code.replace(/(["'])parlor\/client\1/, JSON.stringify(sdk)));

    const ann = run(file, 'Ann');
    // Ann creates the room (and plays X), then Bob joins it.
    await expect.poll(ann.output, { timeout: 15_000 }).toMatch(/waiting for an opponent/);
    const bob = run(file, 'Bob');
    const [a, b] = await Promise.all([ann.done, bob.done]);
    expect(a.code, `${a.out}\n---\n${b.out}`).toBe(0);
    expect(b.code, b.out).toBe(0);
    expect(a.out).toMatch(/Ann: in room_.*waiting for an opponent/);
    // Both play "first free cell": X (Ann, the room's creator) wins on the 2-4-6 diagonal.
    expect(a.out).toContain('Ann: I won!');
    expect(b.out).toContain('Bob: I lost');
  });
});
