/**
 * What the servers' garbage collection did during a games measurement, from the pauses
 * each node logged (targets/gc-hooks.mjs) and the workload's slowest 1 % of round trips:
 *
 * - `gcMsPerS`: pause time per second of the window, per node (mean over the nodes);
 * - `gcMaxMs`: the longest pause of any node in the window;
 * - `scavengesPerS`: young-generation collections per second, per node (mean over the
 *   nodes): with the young generation at its full size, proportional to what the server
 *   allocates, and steadier from run to run than the CPU or the tail;
 * - `slowInGcPct`: the share of the slowest 1 % whose wait overlapped a pause of the node
 *   the mover was connected to. Near 100 %, the tail is the collector's; near the share
 *   of time spent paused, it is something else (the other node, the shared core, the host).
 *
 * Cluster round trips also wait on the other node (Redis, PostgreSQL and it share cores),
 * so only the mover's own node counts as "in a pause".
 */
import fs from 'node:fs';
import path from 'node:path';
import { round } from './stats.mjs';

/** Each node's pauses [start epoch ms, ms, kind] (from its data dir), or null without a log (a target started without the hook). */
function readPauses(dataDir) {
  const file = path.join(dataDir, 'gc-pauses.jsonl');
  if (!fs.existsSync(file)) return null;
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** The figures above for a games result `{ window: [from, to], slowest: [[at, ms, node], …] }`, or {} without logs. */
export function gcFigures(dataDirs, { window: [from, to], slowest }) {
  const nodes = dataDirs.map(readPauses);
  if (nodes.some((p) => p === null)) return {};
  const inWindow = nodes.map((pauses) => pauses.filter(([at, ms]) => at + ms > from && at < to));
  const seconds = (to - from) / 1000;
  const pausedMs = inWindow.map((pauses) => pauses.reduce((sum, [, ms]) => sum + ms, 0));
  const overlaps = ([at, ms, node]) => inWindow[node].some(([start, d]) => start < at + ms && start + d > at);
  return {
    gcMsPerS: round(pausedMs.reduce((a, b) => a + b, 0) / nodes.length / seconds, 1),
    gcMaxMs: round(Math.max(0, ...inWindow.flat().map(([, ms]) => ms)), 1),
    scavengesPerS: round(inWindow.reduce((n, pauses) => n + pauses.filter(([, , kind]) => kind === 'minor').length, 0) / nodes.length / seconds, 2),
    slowInGcPct: slowest.length ? round((100 * slowest.filter(overlaps).length) / slowest.length, 0) : null,
  };
}
