/** The machine a run was made on, and the run as Markdown tables with Parlor's ratios. */
import fs from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';

export function machine(pin, cores) {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'latin1');
  let nproc = os.cpus().length;
  try {
    nproc = Number(execFileSync('nproc').toString().trim());
  } catch {
    /* os.cpus() then */
  }
  return {
    date: new Date().toISOString(),
    nproc,
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? 'unknown',
    node: process.version,
    kernel: os.release(),
    pinned: pin.taskset && pin.cores > 1 ? cores : null,
    loadBefore: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}

const fmt = (x, d = 1) => (x === null || x === undefined ? '—' : typeof x === 'number' ? x.toLocaleString('en-US', { maximumFractionDigits: d }) : String(x));

/** The games tables' GC columns (lib/gc-pauses.mjs): pause ms per second per node, the longest pause, the slowest 1 % that overlapped a pause. */
const GC_HEAD = 'GC pause ms/s (longest ms) | slowest 1 % in a GC pause';
const gcCells = (g) => (g.gcMsPerS === undefined ? '— | —' : `${fmt(g.gcMsPerS, 1)} (${fmt(g.gcMaxMs, 1)}) | ${fmt(g.slowInGcPct, 0)} %`);
const ratio = (a, b) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? `${(a / b).toFixed(2)}×` : '—');

/** The step at `rate`, or null. */
const at = (r, rate) => r?.steps?.find((s) => s.rate === rate) ?? null;

/** Highest rate held with p99 under the limit and no loss: a number, or a string like "≥ 21". */
export function heldRate(r) {
  if (!r?.steps?.length) return null;
  // the rates held without a failure below them
  const firstFail = r.steps.findIndex((s) => !s.held);
  const held = firstFail < 0 ? r.steps : r.steps.slice(0, firstFail);
  const best = held.length ? held[held.length - 1].rate : 0;
  if (firstFail < 0) return { rate: best, text: `≥ ${best} (top of the ladder)` };
  const fail = r.steps[firstFail];
  if (fail.loaderBound) return { rate: best, text: `≥ ${best} (loader-bound at ${fail.rate})` };
  return { rate: best, text: String(best) };
}

/** One chat ladder's table; `services`: with the Redis + PostgreSQL CPU column (cluster). */
function chatSteps(byTarget, targets, title, services = false) {
  const extra = services ? ' Redis+PG cores |' : '';
  const lines = [`### ${title}`, '', `| target | R /client/s | p50 ms | p99 ms | max ms | deliveries/s | lost | errors | server µs/delivery | server cores | loader cores | peak RSS MB |${extra}`, `|---|---|---|---|---|---|---|---|---|---|---|---|${services ? '---|' : ''}`];
  for (const t of targets) {
    const r = byTarget?.[t];
    if (!r) continue;
    if (r.failed) {
      lines.push(`| ${t} | failed: ${r.failed} |||||||||||`);
      continue;
    }
    for (const s of r.steps) {
      const svc = services ? ` ${fmt(s.servicesCores, 2)} |` : '';
      lines.push(`| ${t} | ${s.rate}${s.held ? '' : s.loaderBound ? ' (loader-bound)' : ' ✗'} | ${fmt(s.p50, 2)} | ${fmt(s.p99, 2)} | ${fmt(s.max, 1)} | ${fmt(s.deliveredPerS, 0)} | ${s.lost} | ${s.errors} | ${fmt(s.cpuUsPerDelivery, 2)} | ${fmt(s.serverCores, 2)} | ${fmt(s.loaderCores, 2)} | ${fmt(s.hwmMb, 0)} |${svc}`);
    }
  }
  return lines.join('\n');
}

/** Host steal during each measurement (steal.mjs), as one line; null when none was recorded. */
function stealLine(res) {
  const parts = [];
  const add = (label, byTarget) => {
    const each = Object.entries(byTarget ?? {}).filter(([, r]) => typeof r?.stealPct === 'number');
    if (each.length) parts.push(`${label} ${each.map(([t, r]) => `${t} ${fmt(r.stealPct)}`).join(', ')}`);
  };
  res.chat.forEach((run, i) => add(`chat${res.chat.length > 1 ? ` (run ${i + 1})` : ''}`, run));
  add('games', res.games);
  add('idle', res.idle);
  add('cluster chat', res.cluster?.chat);
  add('cluster games', res.cluster?.games);
  return parts.length ? `Host steal during each measurement, % of the CPU time (figures move with it): ${parts.join('; ')}.` : null;
}

export function report(res, targets) {
  const m = res.machine;
  const out = [];
  out.push(`Run of ${m.date}: ${m.nproc} cores (${m.cpu}), Node ${m.node}, Linux ${m.kernel}; ${m.pinned ? `servers pinned to core ${m.pinned.serverCore}, loader to core ${m.pinned.loaderCore}` : 'not pinned'}; load average before ${m.loadBefore.join(' ')}, after ${m.loadAfter?.join(' ')}; host steal ${fmt(m.stealPct)} % of the CPU time; ${res.quick ? '**quick run** (smaller, shorter: a smoke test, not figures)' : 'full run'}; ${res.durationS} s.`, '');

  const head = ['| figure | Parlor | plain Socket.IO | raw ws | Parlor ÷ plain | target |', '|---|---|---|---|---|---|'];
  const rows = [];
  const row = (figure, vals, target = '', d = 1) => rows.push(`| ${figure} | ${fmt(vals.parlor, d)} | ${fmt(vals.plain, d)} | ${fmt(vals.raw, d)} | ${ratio(vals.parlor, vals.plain)} | ${target} |`);
  const pick = (f) => Object.fromEntries(['parlor', 'plain', 'raw'].map((t) => [t, f(t)]));

  res.chat.forEach((run, i) => {
    const suffix = res.chat.length > 1 ? ` (run ${i + 1})` : '';
    row(`chat: server CPU per delivered message at R=2, µs${suffix}`, pick((t) => at(run[t], 2)?.cpuUsPerDelivery), '≤ 1.1×', 2);
    row(`chat: p99 at R=2, ms${suffix}`, pick((t) => at(run[t], 2)?.p99), '', 2);
    const held = pick((t) => heldRate(run[t]));
    rows.push(`| chat: highest R held (p99 < 100 ms, no loss)${suffix} | ${held.parlor?.text ?? '—'} | ${held.plain?.text ?? '—'} | ${held.raw?.text ?? '—'} | ${held.parlor && held.plain ? (held.parlor.rate >= held.plain.rate ? '≥' : '<') : '—'} | ≥ plain |`);
  });
  if (Object.keys(res.games).length) {
    row('games: action → game_state p50, ms', pick((t) => res.games[t]?.p50), '', 2);
    row('games: action → game_state p99, ms', pick((t) => res.games[t]?.p99), '< 10 ms', 2);
    row('games: server CPU per action, µs', pick((t) => res.games[t]?.cpuUsPerAction), '', 0);
  }
  if (Object.keys(res.idle).length) {
    row('idle: server memory per connection, KB', pick((t) => (res.idle[t]?.bytesPerConnection ?? NaN) / 1024), '≤ 1.2×', 1);
    row('idle: server CPU per connection handshake, µs', pick((t) => res.idle[t]?.cpuUsPerConnect), '', 0);
  }
  if (res.cluster) {
    const c = res.cluster.chat;
    row('cluster (2 nodes): CPU per delivered message at R=2 (both nodes), µs', pick((t) => at(c[t], 2)?.cpuUsPerDelivery), '', 2);
    row('cluster (2 nodes): chat p99 at R=2, ms', pick((t) => at(c[t], 2)?.p99), '', 2);
    const held = pick((t) => heldRate(c[t]));
    rows.push(`| cluster (2 nodes): highest R held | ${held.parlor?.text ?? '—'} | ${held.plain?.text ?? '—'} | ${held.raw?.text ?? '—'} | ${held.parlor && held.plain ? (held.parlor.rate >= held.plain.rate ? '≥' : '<') : '—'} | |`);
    const g = res.cluster.games.parlor;
    if (g) rows.push(`| cluster (2 nodes): game round trip p50 / p99 / max, ms | ${fmt(g.p50, 2)} / ${fmt(g.p99, 2)} / ${fmt(g.max, 1)} | — | — | — | p99 < 25 ms |`);
  }
  out.push('### Summary', '', ...head, ...rows, '');
  const steal = stealLine(res);
  if (steal) out.push(steal, '');

  res.chat.forEach((run, i) => out.push(chatSteps(run, targets, `Chat broadcast: ${res.quick ? '' : '1,000 clients, '}rooms of 10${res.chat.length > 1 ? `, run ${i + 1}` : ''}`), ''));
  if (Object.keys(res.games).length) {
    out.push('### Games: tictactoe, action → own game_state', '', `| target | games | actions/s | p50 ms | p99 ms | max ms | ack p99 ms | errors | server µs/action | server cores | loader cores | peak RSS MB | ${GC_HEAD} |`, '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const t of targets) {
      const g = res.games[t];
      if (g && !g.failed) out.push(`| ${t} | ${g.games} | ${g.actionsPerS} | ${fmt(g.p50, 2)} | ${fmt(g.p99, 2)} | ${fmt(g.max, 1)} | ${fmt(g.ackP99, 2)} | ${g.errors} | ${fmt(g.cpuUsPerAction, 0)} | ${fmt(g.serverCores, 2)} | ${fmt(g.loaderCores, 2)} | ${fmt(g.hwmMb, 0)} | ${gcCells(g)} |`);
      else if (g) out.push(`| ${t} | failed: ${g.failed} |||||||||||||`);
    }
    out.push('');
  }
  if (Object.keys(res.idle).length) {
    out.push('### Idle memory', '', '| target | clients | alive | bytes/connection | RSS before MB | RSS after MB | peak RSS MB | connects/s | µs CPU/connect |', '|---|---|---|---|---|---|---|---|---|');
    for (const t of targets) {
      const r = res.idle[t];
      if (r && !r.failed) out.push(`| ${t} | ${r.clients} | ${r.alive} | ${fmt(r.bytesPerConnection, 0)} | ${r.rssBeforeMb} | ${r.rssAfterMb} | ${r.hwmMb} | ${r.connectsPerS} | ${r.cpuUsPerConnect} |`);
      else if (r) out.push(`| ${t} | failed: ${r.failed} ||||||||`);
    }
    out.push('');
  }
  if (res.cluster) {
    const where = `Cluster, 2 nodes on one core (Redis db ${res.cluster.redisDb}, PostgreSQL for Parlor; ${res.cluster.servicesCore != null ? `Redis and PostgreSQL pinned to core ${res.cluster.servicesCore}, the loader's` : 'Redis and PostgreSQL not pinned'})`;
    if (Object.keys(res.cluster.chat).length) out.push(chatSteps(res.cluster.chat, targets, `${where}: chat broadcast`, true), '');
    else out.push(`### ${where}`, '');
    const g = res.cluster.games.parlor;
    if (g && !g.failed) {
      out.push(`| cluster games | games | actions/s | p50 ms | p99 ms | max ms | ack p99 ms | errors | server µs/action | server cores | Redis+PG cores | ${GC_HEAD} |`, '|---|---|---|---|---|---|---|---|---|---|---|---|---|');
      out.push(`| parlor | ${g.games} | ${g.actionsPerS} | ${fmt(g.p50, 2)} | ${fmt(g.p99, 2)} | ${fmt(g.max, 1)} | ${fmt(g.ackP99, 2)} | ${g.errors} | ${fmt(g.cpuUsPerAction, 0)} | ${fmt(g.serverCores, 2)} | ${fmt(g.servicesCores, 2)} | ${gcCells(g)} |`, '');
    }
  }
  return out.join('\n');
}
