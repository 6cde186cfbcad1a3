/**
 * Host steal: the share of the VM's CPU time during which its virtual cores were ready to
 * run but the hypervisor ran something else (/proc/stat). A run with a few per cent of it
 * has slower and more scattered figures for every target alike; it is recorded per
 * measurement so that such a run can be told from a change in the code.
 */
import fs from 'node:fs';

/** The machine's CPU time counters (all cores), or null where /proc/stat is missing. */
export function cpuTicks() {
  try {
    const fields = fs.readFileSync('/proc/stat', 'latin1').split('\n', 1)[0].trim().split(/\s+/).slice(1, 9).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user and nice)
    return { steal: fields[7] ?? 0, total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

/** Steal between two readings, in per cent of the CPU time that passed (one decimal), or null. */
export function stealPct(before, after) {
  if (!before || !after || after.total <= before.total) return null;
  return Math.round((1000 * (after.steal - before.steal)) / (after.total - before.total)) / 10;
}
