/** The workloads' parameters: the full run, and `--quick` (a ~1-minute smoke run of the same code). */
export const FULL = {
  chat: { clients: 1000, roomSize: 10, ladder: [1, 2, 3, 5, 8, 13, 21], alwaysUpTo: 2, warmupMs: 2000, measureMs: 8000, drainMs: 3000, p99LimitMs: 100 },
  games: { games: 500, thinkMinMs: 500, thinkMaxMs: 1500, staggerMs: 8000, warmupMs: 3000, measureMs: 15_000 },
  idle: { clients: 5000, settleMs: 2000, gcWaitMs: 1000 },
  clusterChat: { clients: 1000, roomSize: 10, ladder: [1, 2, 3, 5, 8, 13], alwaysUpTo: 2, warmupMs: 2000, measureMs: 6000, drainMs: 3000, p99LimitMs: 100 },
  clusterGames: { games: 500, thinkMinMs: 500, thinkMaxMs: 1500, staggerMs: 8000, warmupMs: 3000, measureMs: 10_000 },
};

export const QUICK = {
  chat: { ...FULL.chat, clients: 500, ladder: [2], warmupMs: 1000, measureMs: 2000, drainMs: 2000 },
  games: { ...FULL.games, games: 100, staggerMs: 1000, warmupMs: 1000, measureMs: 2000 },
  idle: { clients: 1000, settleMs: 300, gcWaitMs: 300 },
  clusterChat: { ...FULL.clusterChat, clients: 300, ladder: [2], warmupMs: 1000, measureMs: 2000, drainMs: 2000 },
  clusterGames: { ...FULL.clusterGames, games: 50, staggerMs: 1000, warmupMs: 1000, measureMs: 2000 },
};

/** An upper bound on one loader run, from its parameters (every loop is also bounded by count). */
export function limitMs(workload, p) {
  if (workload === 'chat') return 60_000 + p.ladder.length * (p.warmupMs + p.measureMs + p.drainMs + 5000);
  if (workload === 'games') return 90_000 + p.staggerMs + p.warmupMs + p.measureMs;
  return 180_000;
}
