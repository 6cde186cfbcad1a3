/**
 * `npm run bench [-- --quick] [--only chat,games,idle,cluster (or cluster-chat, cluster-games)] [--targets parlor,plain,raw] [--repeat N] [--rates 2,5] [--profile] [--keep]`
 *
 * `--rates` replaces the chat ladder; `--keep` keeps the servers' data and logs. `--profile` starts the servers with `node --cpu-prof` (profiles in bench/.build/profiles/;
 * summarise one with `node bench/profile-summary.mjs FILE`).
 *
 * Runs every workload against Parlor, a plain Socket.IO server and a raw `ws` server in
 * one run, each server pinned to core 0 and the loader (a child process) to core 1 when
 * `taskset` exists (for the cluster workloads, Redis and PostgreSQL join the loader on
 * core 1 and get their old affinity back at the end), and prints the figures with
 * Parlor's ratios. Loopback only. Results go to bench/results/latest.json and latest.md.
 * See docs/PERFORMANCE.md.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL, QUICK, limitMs } from './lib/plans.mjs';
import { pinning, pinned, pinServices } from './lib/proc.mjs';
import { gcFigures } from './lib/gc-pauses.mjs';
import { snapshotParlor, startTarget, TARGETS } from './lib/servers.mjs';
import { openPgDb, openRedisDb } from './lib/cluster-resources.mjs';
import { machine, report } from './lib/report.mjs';
import { cli } from './lib/args.mjs';
import { cpuTicks, stealPct } from './lib/steal.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { args, opt } = cli();
const quick = args.includes('--quick');
const rates = opt('rates', null)?.split(',').map(Number).filter((r) => r > 0);
const plans = quick ? QUICK : FULL;
if (rates?.length) plans.chat = { ...plans.chat, ladder: rates };
const only = new Set(opt('only', 'chat,games,idle,cluster').split(','));
const targets = opt('targets', 'parlor,plain,raw').split(',').filter((t) => TARGETS[t]);
const profileDir = args.includes('--profile') ? path.join(here, '.build', 'profiles') : null;
const repeat = Math.max(1, Math.min(5, Number(opt('repeat', '1')) || 1));
// BENCH_ENV="LOG_LEVEL=warn RATE_LIMIT_SCALE=0": settings for the servers, to see what a figure depends on
const extraEnv = Object.fromEntries((process.env.BENCH_ENV ?? '').split(' ').filter(Boolean).map((kv) => kv.split('=')));
const pin = pinning();
const SERVER_CORE = 0;
const LOADER_CORE = 1;
const started = Date.now();
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parlor-bench-'));
const secret = randomBytes(24).toString('hex');
const log = (line) => console.log(line);

const live = new Set();
const keep = args.includes('--keep');
const cleanup = async () => {
  for (const s of live) await s.stop().catch(() => {});
  if (keep) console.log(`bench: servers' data and logs kept in ${workDir}`);
  else fs.rmSync(workDir, { recursive: true, force: true });
};
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

function runLoader(workload, target, params) {
  return new Promise((resolve, reject) => {
    const argv = pinned(LOADER_CORE, [process.execPath, path.join(here, 'loader.mjs')], pin);
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    const limit = limitMs(workload, params);
    const kill = setTimeout(() => child.kill('SIGKILL'), limit + 10_000);
    child.on('message', (m) => {
      if (m.log) return log(m.log);
      settled = true;
      if (m.error) reject(new Error(m.error));
      else resolve(m.result);
    });
    child.on('exit', (code) => {
      clearTimeout(kill);
      if (!settled) reject(new Error(`loader exited with ${code}`));
    });
    child.send({ workload, target, params, limitMs: limit });
  });
}

/** One workload on one target: fresh server(s), one loader run, server(s) stopped. */
async function measure(workload, name, params, cluster = null) {
  const env = { JWT_SECRET: secret, RATE_LIMIT_SCALE: '100', LOG_LEVEL: 'info', ...extraEnv, ...(cluster ? { REDIS_URL: cluster.redis.url, DATABASE_URL: cluster.pgUrl } : {}) };
  const server = await startTarget({ name, nodes: cluster ? 2 : 1, env, workDir, pin, serverCore: SERVER_CORE, profileDir });
  live.add(server);
  const ticks = cpuTicks();
  let result;
  try {
    result = await runLoader(workload, { name, urls: server.urls, pids: server.pids, secret }, params);
    const steal = stealPct(ticks, cpuTicks());
    log(`  [${name}] ${workload}: host steal ${steal ?? '?'} % of the CPU time`);
    result.stealPct = steal;
  } catch (e) {
    log(`  [${name}] ${workload} failed: ${e.message.split('\n')[0]}`);
    return { failed: e.message.split('\n')[0] };
  } finally {
    await server.stop();
    live.delete(server);
  }
  if (result.slowest) {
    // the servers have stopped: their GC pause logs are complete
    const { window, slowest, ...rest } = result;
    result = { ...rest, ...gcFigures(server.logFiles.map((f) => path.dirname(f)), { window, slowest }) };
    if (result.gcMsPerS !== undefined) log(`  [${name}] ${workload}: GC pauses ${result.gcMsPerS} ms/s per node (longest ${result.gcMaxMs} ms, ${result.scavengesPerS} scavenges/s); ${result.slowInGcPct} % of the slowest 1 % overlapped a pause of their node`);
  }
  return result;
}

if (targets.includes('parlor')) snapshotParlor();
const results = { quick, repeat, machine: machine(pin, { serverCore: SERVER_CORE, loaderCore: LOADER_CORE }), chat: [], games: {}, idle: {}, cluster: null };
const runTicks = cpuTicks();
log(`bench: ${quick ? 'quick' : 'full'} run, targets ${targets.join(', ')}; ${pin.taskset && pin.cores > 1 ? `servers on core ${SERVER_CORE}, loader on core ${LOADER_CORE}` : 'no pinning (taskset missing or one core)'}; load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);

try {
  if (only.has('chat')) {
    for (let run = 0; run < repeat; run++) {
      const byTarget = {};
      for (const t of targets) {
        log(`chat broadcast${repeat > 1 ? ` (run ${run + 1}/${repeat})` : ''}: ${t}`);
        byTarget[t] = await measure('chat', t, plans.chat);
      }
      results.chat.push(byTarget);
    }
  }
  if (only.has('games')) {
    for (const t of targets) {
      log(`games: ${t}`);
      results.games[t] = await measure('games', t, plans.games);
    }
  }
  if (only.has('idle')) {
    for (const t of targets) {
      log(`idle memory: ${t}`);
      results.idle[t] = await measure('idle', t, plans.idle);
    }
  }
  const clusterChat = only.has('cluster') || only.has('cluster-chat');
  const clusterGames = only.has('cluster') || only.has('cluster-games');
  if (clusterChat || clusterGames) {
    let redis = null;
    try {
      redis = await openRedisDb();
    } catch (e) {
      log(`cluster: skipped (${e.message})`);
    }
    if (redis) {
      // Redis and PostgreSQL share the loader's core: the server core is the nodes' alone
      const services = pinServices(LOADER_CORE, pin);
      results.cluster = { redisDb: redis.db, servicesCore: services.pinned ? LOADER_CORE : null, chat: {}, games: {} };
      try {
        for (const t of clusterChat ? targets : []) {
          log(`cluster broadcast, 2 nodes: ${t}`);
          const pgDb = t === 'parlor' ? await openPgDb() : null;
          try {
            results.cluster.chat[t] = await measure('chat', t, plans.clusterChat, { redis, pgUrl: pgDb?.url });
          } finally {
            await pgDb?.drop();
            await redis.flush();
          }
        }
        if (clusterGames && targets.includes('parlor')) {
          log('cluster games, 2 nodes: parlor (the baselines keep game state in one process)');
          const pgDb = await openPgDb();
          try {
            results.cluster.games.parlor = await measure('games', 'parlor', plans.clusterGames, { redis, pgUrl: pgDb.url });
          } finally {
            await pgDb.drop();
            await redis.flush();
          }
        }
      } finally {
        services.restore();
        await redis.close();
      }
    }
  }
} finally {
  await cleanup();
}

results.machine.loadAfter = os.loadavg().map((x) => Number(x.toFixed(2)));
results.machine.stealPct = stealPct(runTicks, cpuTicks());
results.durationS = Math.round((Date.now() - started) / 1000);
const md = report(results, targets);
console.log('\n' + md);
const outDir = path.join(here, 'results');
fs.mkdirSync(outDir, { recursive: true });
// only a complete run replaces latest.*: a partial one (--only, --rates, --targets, --profile, BENCH_*) goes to partial.*
const complete = !quick && !args.some((a) => /^--(only|rates|targets|profile)/.test(a)) && !process.env.BENCH_ENV && !process.env.BENCH_NODE_FLAGS && !process.env.BENCH_PARLOR_DIST;
const stem = quick ? 'quick' : complete ? 'latest' : 'partial';
fs.writeFileSync(path.join(outDir, `${stem}.json`), JSON.stringify(results, null, 2));
fs.writeFileSync(path.join(outDir, `${stem}.md`), md);
console.log(`bench: done in ${results.durationS} s; bench/results/${stem}.{json,md}`);
