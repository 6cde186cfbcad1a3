/**
 * `node bench/request-costs.mjs [--embedded] [--games N] [--concurrency C]` (after `npm run build`):
 * the server CPU that one request of each kind of a tictactoe game's life costs — create,
 * join, start, the moves, the winning move, the two leaves — measured one kind at a time
 * over N games (default 400, C requests in flight, default 32), on a cluster of two nodes
 * (Redis db claimed as the bench does, a temporary PostgreSQL database) or with
 * `--embedded` on one process. Servers pinned to core 0, this script to core 1, as in
 * `npm run bench`. Loopback only; bounded by N.
 *
 * The games workload mixes these in one stream; this splits it, to see which requests
 * its CPU goes to (PERFORMANCE.md, change 33: a game's room churn costs more than its moves).
 * Each phase's CPU includes the servers' idle cost over its length (printed once first).
 * The figures are the second of two rounds (the first warms the JIT).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { snapshotParlor, startTarget } from './lib/servers.mjs';
import { openPgDb, openRedisDb } from './lib/cluster-resources.mjs';
import { closeFleet, connectFleet, expectOk } from './lib/fleet.mjs';
import { cpuMsOf, pinning } from './lib/proc.mjs';
import { pool, sleep } from './lib/stats.mjs';
import { cli } from './lib/args.mjs';

const { has, opt } = cli();
const embedded = has('embedded');
const N = Math.max(1, Math.min(2000, Number(opt('games', 400)) || 400));
const inFlight = Math.max(1, Math.min(256, Number(opt('concurrency', 32)) || 32));
const pin = pinning();
if (pin.taskset && pin.cores > 1) execFileSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });

snapshotParlor();
const redis = embedded ? null : await openRedisDb();
const pg = embedded ? null : await openPgDb();
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parlor-costs-'));
const secret = randomBytes(24).toString('hex');
const env = { JWT_SECRET: secret, RATE_LIMIT_SCALE: '100', LOG_LEVEL: 'info', ...(embedded ? {} : { REDIS_URL: redis.url, DATABASE_URL: pg.url }) };
const server = await startTarget({ name: 'parlor', nodes: embedded ? 1 : 2, env, workDir, pin, serverCore: 0 });
try {
  // player a on the first node, player b on the other (as in the games workload)
  const clients = await connectFleet({ urls: server.urls, secret, n: N * 2, prefix: 'c', onEvent: () => {} });
  await sleep(1000);
  const idleFrom = cpuMsOf(server.pids);
  await sleep(2000);
  const idleUsPerMs = ((cpuMsOf(server.pids) - idleFrom) * 1000) / 2000;
  console.log(`request-costs: ${embedded ? 'embedded, 1 process' : 'cluster, 2 nodes'}, ${N} games, ${inFlight} in flight; idle servers: ${idleUsPerMs.toFixed(0)} µs of CPU per ms`);
  const rows = [];
  const phase = async (round, name, task) => {
    const cpu0 = cpuMsOf(server.pids);
    const t0 = performance.now();
    await pool(N, inFlight, task);
    const ms = performance.now() - t0;
    const us = ((cpuMsOf(server.pids) - cpu0) * 1000 - idleUsPerMs * ms) / N;
    if (round === 1) rows.push([name, Math.round(us), Math.round(ms)]);
  };
  const ask = async (c, event, payload) => expectOk(await c.request(event, payload), event);
  for (const round of [0, 1]) {
    const room = (k) => `costs_${round}_${k}`;
    const a = (k) => clients[2 * k];
    const b = (k) => clients[2 * k + 1];
    await phase(round, 'create_room', (k) => ask(a(k), 'create_room', { room_id: room(k), game_type: 'tictactoe' }));
    await phase(round, 'join_room', (k) => ask(b(k), 'join_room', { room_id: room(k) }));
    await phase(round, 'start_game', (k) => ask(a(k), 'start_game', { room_id: room(k) }));
    for (const [cell, who] of [[0, a], [3, b], [1, a], [4, b]]) {
      await phase(round, `game_action (cell ${cell})`, (k) => ask(who(k), 'game_action', { room_id: room(k), action: 'mark', payload: { cell }, action_id: `m${cell}` }));
    }
    await phase(round, 'game_action (winning)', (k) => ask(a(k), 'game_action', { room_id: room(k), action: 'mark', payload: { cell: 2 }, action_id: 'm2' }));
    await phase(round, 'leave_room (first)', (k) => ask(a(k), 'leave_room', { room_id: room(k) }));
    await phase(round, 'leave_room (last)', (k) => ask(b(k), 'leave_room', { room_id: room(k) }));
  }
  closeFleet(clients);
  console.log('\n| request | server CPU per request, µs | phase, ms |\n|---|---|---|');
  for (const [name, us, ms] of rows) console.log(`| ${name} | ${us} | ${ms} |`);
} finally {
  await server.stop();
  await redis?.close();
  await pg?.drop();
  fs.rmSync(workDir, { recursive: true, force: true });
}
