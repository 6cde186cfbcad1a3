/**
 * Workload 3: idle memory. The target's live memory (RSS after a full GC, asked for with
 * SIGUSR2 — see targets/gc-hooks.mjs) before and after `clients` sockets connect and
 * sit idle; the difference per socket. Also the CPU the handshakes cost.
 */
import { connectFleet, closeFleet } from '../lib/fleet.mjs';
import { round, sleep } from '../lib/stats.mjs';
import { cpuMsOf, memory } from '../lib/proc.mjs';

async function settledRss(pids, waitMs) {
  for (const p of pids) process.kill(p, 'SIGUSR2');
  await sleep(waitMs);
  for (const p of pids) process.kill(p, 'SIGUSR2');
  await sleep(waitMs);
  return pids.reduce((a, p) => a + memory(p).rss, 0);
}

export async function idleWorkload({ target, params, log }) {
  const { clients: n, settleMs, gcWaitMs = 1000 } = params;
  const before = await settledRss(target.pids, gcWaitMs);
  const cpu0 = cpuMsOf(target.pids);
  const t0 = performance.now();
  const clients = await connectFleet({ urls: target.urls, secret: target.secret, n, prefix: 'i', concurrency: 100 });
  const connectMs = performance.now() - t0;
  const connectCpuMs = cpuMsOf(target.pids) - cpu0;
  await sleep(settleMs);
  const after = await settledRss(target.pids, gcWaitMs);
  const alive = clients.filter((c) => !c.closed).length;
  const hwm = target.pids.reduce((a, p) => a + memory(p).hwm, 0);
  closeFleet(clients);
  const r = {
    clients: n,
    alive,
    bytesPerConnection: Math.round((after - before) / n),
    rssBeforeMb: round(before / 2 ** 20, 1),
    rssAfterMb: round(after / 2 ** 20, 1),
    hwmMb: round(hwm / 2 ** 20, 1),
    connectsPerS: Math.round((n / connectMs) * 1000),
    cpuUsPerConnect: round((connectCpuMs * 1000) / n, 1),
  };
  log(`idle: ${r.bytesPerConnection} B/connection (${r.rssBeforeMb} → ${r.rssAfterMb} MB), ${r.connectsPerS} connects/s, ${r.cpuUsPerConnect} µs CPU/connect`);
  return r;
}
