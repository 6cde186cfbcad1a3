/** A measurement window over the target's processes: CPU, memory, and the loader's own CPU. */
import { cpuMsOf, memory } from './proc.mjs';

export function openWindow(pids) {
  return { t: performance.now(), cpu: cpuMsOf(pids), self: process.cpuUsage() };
}

/** Elapsed ms, server CPU ms and share of a core, loader share of a core, peak RSS (sum). */
export function closeWindow(w, pids) {
  const ms = performance.now() - w.t;
  const cpu = cpuMsOf(pids) - w.cpu;
  const self = process.cpuUsage(w.self);
  const mem = pids.map(memory);
  return {
    ms,
    serverCpuMs: cpu,
    serverCores: cpu / ms,
    loaderCores: (self.user + self.system) / 1000 / ms,
    rss: mem.reduce((a, m) => a + m.rss, 0),
    hwm: mem.reduce((a, m) => a + m.hwm, 0),
  };
}
