/**
 * A measurement window over the target's processes: CPU, memory, the loader's own CPU, and
 * the CPU of Redis and PostgreSQL (what a cluster's nodes make the shared services spend;
 * a process started during the window counts whole).
 */
import { cpuMsOf, memory, serviceCpu } from './proc.mjs';

export function openWindow(pids) {
  return { t: performance.now(), cpu: cpuMsOf(pids), self: process.cpuUsage(), services: serviceCpu() };
}

/** Elapsed ms, server CPU ms and share of a core, loader and Redis + PostgreSQL shares of a core, peak RSS (sum). */
export function closeWindow(w, pids) {
  const ms = performance.now() - w.t;
  const cpu = cpuMsOf(pids) - w.cpu;
  const self = process.cpuUsage(w.self);
  const mem = pids.map(memory);
  let services = 0;
  for (const [pid, ms] of serviceCpu()) services += ms - (w.services.get(pid) ?? 0);
  return {
    ms,
    serverCpuMs: cpu,
    serverCores: cpu / ms,
    loaderCores: (self.user + self.system) / 1000 / ms,
    servicesCores: services / ms,
    rss: mem.reduce((a, m) => a + m.rss, 0),
    hwm: mem.reduce((a, m) => a + m.hwm, 0),
  };
}
