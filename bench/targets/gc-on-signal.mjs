/**
 * Preloaded into every target (`node --expose-gc --import …`): SIGUSR2 runs a full garbage
 * collection, so the idle-memory workload compares live memory, not garbage not yet collected.
 */
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  globalThis.gc?.();
});
