/**
 * Preloaded into every target (`node --expose-gc --import …`):
 *
 * - SIGUSR2 runs a full garbage collection, so the idle-memory workload compares live
 *   memory, not garbage not yet collected.
 * - Every garbage-collection pause is recorded (start as epoch ms, duration ms, kind) and
 *   appended once a second to `$DATA_DIR/gc-pauses.jsonl`, so the games workloads can tell
 *   how much of their slowest round trips a pause of the server explains (lib/gc-pauses.mjs).
 *   A few entries a second: the observer and the write cost nothing measurable.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PerformanceObserver, constants, performance } from 'node:perf_hooks';

process.on('SIGUSR2', () => {
  globalThis.gc?.();
  globalThis.gc?.();
});

const KINDS = { [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak' };

if (process.env.DATA_DIR) {
  const file = path.join(process.env.DATA_DIR, 'gc-pauses.jsonl');
  fs.writeFileSync(file, ''); // there from the start: a process that never paused still says so
  let pending = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pending.push(JSON.stringify([performance.timeOrigin + e.startTime, e.duration, KINDS[e.detail?.kind] ?? 'other']));
  }).observe({ entryTypes: ['gc'] });
  setInterval(() => {
    if (!pending.length) return;
    fs.appendFileSync(file, pending.join('\n') + '\n');
    pending = [];
  }, 1000).unref();
}
