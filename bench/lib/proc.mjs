/** What the bench reads of a process from /proc (Linux): CPU time, resident memory, peak. */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux unless told otherwise). */
export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of every thread of `pid`, in milliseconds. */
export function cpuMs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
  // fields after the command name (which may contain spaces) — utime and stime are 14th and 15th
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(rest[11]) + Number(rest[12])) * 1000) / CLK_TCK;
}

/** Sum of cpuMs over several pids (a cluster's nodes). */
export function cpuMsOf(pids) {
  let sum = 0;
  for (const p of pids) sum += cpuMs(p);
  return sum;
}

/** The pids of every Redis and PostgreSQL process on the machine (the cluster's shared services). */
export function servicePids() {
  const out = [];
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1');
      if (cmd.startsWith('redis-server') || cmd.startsWith('postgres') || cmd.includes('/bin/postgres')) out.push(pid);
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** CPU ms of every Redis and PostgreSQL process on the machine, by pid. */
export function serviceCpu() {
  const out = new Map();
  for (const pid of servicePids()) {
    try {
      out.set(pid, cpuMs(pid));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/**
 * Moves Redis and PostgreSQL (every thread; PostgreSQL's later backends are forked from a
 * pinned postmaster and inherit it) to `core`, so a cluster's nodes have the server core to
 * themselves, as on separate hosts. Answers whether it could (taskset, and the right to
 * move them: root or their owner) and a `restore()` that puts their old affinity back.
 */
export function pinServices(core, pin) {
  const none = { pinned: false, restore() {} };
  if (!pin.taskset || pin.cores < 2) return none;
  const before = new Map();
  for (const pid of servicePids()) {
    try {
      const mask = /:\s*([0-9a-f]+)\s*$/.exec(execFileSync('taskset', ['-p', pid]).toString())?.[1];
      execFileSync('taskset', ['-a', '-p', '-c', String(core), pid], { stdio: 'ignore' });
      if (mask) before.set(pid, mask);
    } catch {
      /* not ours to move, or gone */
    }
  }
  if (!before.size) return none;
  return {
    pinned: true,
    restore() {
      for (const [pid, mask] of before) {
        try {
          execFileSync('taskset', ['-a', '-p', mask, pid], { stdio: 'ignore' });
        } catch {
          /* gone meanwhile */
        }
      }
    },
  };
}

/** { rss, hwm } in bytes (VmRSS and VmHWM of /proc/<pid>/status). */
export function memory(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'latin1');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** Whether `taskset` exists (util-linux), and the cores this process may use. */
export function pinning() {
  let taskset = false;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    taskset = true;
  } catch {
    /* no taskset */
  }
  const cores = Math.max(1, (fs.readFileSync('/proc/cpuinfo', 'latin1').match(/^processor\s*:/gm) ?? []).length);
  return { taskset, cores };
}

/** The command to start `argv` pinned to `core` (or unpinned without taskset / with one core). */
export function pinned(core, argv, pin) {
  if (!pin.taskset || pin.cores < 2 || core === null) return argv;
  return ['taskset', '-c', String(core), ...argv];
}
