/**
 * Starting and stopping the targets: Parlor (dist/main.js, as `npm start` runs it), the
 * plain Socket.IO baseline and the raw `ws` baseline, each node pinned to the server core,
 * with the same Node flags (`--expose-gc` and targets/gc-hooks.mjs: a SIGUSR2 GC for the idle workload, a log of GC pauses).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinned } from './proc.mjs';
import { sleep } from './stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const GC_HOOK = path.join(root, 'bench', 'targets', 'gc-hooks.mjs');

export const TARGETS = {
  // a copy of dist/main.js taken when the run starts (see snapshotParlor)
  parlor: { label: 'Parlor', entry: path.join(root, 'bench', '.build', 'main.js') },
  plain: { label: 'plain Socket.IO', entry: path.join(root, 'bench', 'targets', 'plain-socketio.mjs') },
  raw: { label: 'raw ws', entry: path.join(root, 'bench', 'targets', 'raw-ws.mjs') },
};

/**
 * Copies dist/main.js (one bundle; packages stay in node_modules) to bench/.build/, so a
 * rebuild of dist/ by someone else during a long run does not change the server measured.
 */
export function snapshotParlor() {
  const dir = path.join(root, 'bench', '.build');
  fs.mkdirSync(dir, { recursive: true });
  // BENCH_PARLOR_DIST=/elsewhere/dist measures another build (an A/B of a change)
  const dist = process.env.BENCH_PARLOR_DIST ?? path.join(root, 'dist');
  for (const f of ['main.js', 'main.js.map']) {
    const src = path.join(dist, f);
    if (fs.existsSync(src)) fs.copyFileSync(src, path.join(dir, f));
  }
  if (!fs.existsSync(path.join(dir, 'main.js'))) throw new Error('dist/main.js is missing: run `node scripts/build.mjs` (npm run bench does)');
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function accepting(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/**
 * Starts `nodes` processes of target `name`; resolves when every one accepts connections.
 * @returns {Promise<{ urls: string[], pids: number[], stop(): Promise<void> }>}
 */
export async function startTarget({ name, nodes = 1, env, workDir, pin, serverCore, profileDir = null }) {
  const t = TARGETS[name];
  const children = [];
  const urls = [];
  for (let k = 0; k < nodes; k++) {
    const port = await freePort();
    const dataDir = path.join(workDir, `${name}-${k}-${port}`);
    fs.mkdirSync(dataDir, { recursive: true });
    // Parlor logs as it does in production (LOG_LEVEL info, one JSON line per event) into a file.
    const out = fs.openSync(path.join(dataDir, 'server.log'), 'a');
    const prof = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
    // e.g. BENCH_NODE_FLAGS=--perf-basic-prof to name JIT frames for `perf record`
    prof.push(...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean));
    const argv = pinned(serverCore, [process.execPath, '--expose-gc', ...prof, '--import', GC_HOOK, t.entry], pin);
    const child = spawn(argv[0], argv.slice(1), {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ...env },
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    child.logFile = path.join(dataDir, 'server.log');
    children.push(child);
    urls.push(`http://127.0.0.1:${port}`);
    const deadline = Date.now() + 30_000;
    while (!(await accepting(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`${name} did not start: ${fs.readFileSync(child.logFile, 'utf8').slice(-2000)}`);
      }
      await sleep(100);
    }
  }
  return {
    urls,
    pids: children.map((c) => c.pid),
    logFiles: children.map((c) => c.logFile),
    async stop() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise((resolve) => {
              if (c.exitCode !== null) return resolve();
              const kill = setTimeout(() => c.kill('SIGKILL'), 12_000);
              c.once('exit', () => (clearTimeout(kill), resolve()));
              c.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
