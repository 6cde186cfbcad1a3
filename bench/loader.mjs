/**
 * The load generator, a child process of run.mjs pinned to its own core: receives one
 * plan over IPC ({workload, target, params}), runs it, and answers with the result.
 */
import { chatWorkload } from './workloads/chat.mjs';
import { gamesWorkload } from './workloads/games.mjs';
import { idleWorkload } from './workloads/idle.mjs';

const WORKLOADS = { chat: chatWorkload, games: gamesWorkload, idle: idleWorkload };

process.once('message', async (plan) => {
  const log = (line) => process.send({ log: `  [${plan.target.name}] ${line}` });
  const hardStop = setTimeout(() => {
    process.send({ error: `the ${plan.workload} workload passed its time limit (${plan.limitMs} ms)` });
    process.exit(1);
  }, plan.limitMs);
  try {
    const result = await WORKLOADS[plan.workload]({ target: plan.target, params: plan.params, log });
    process.send({ result }, () => process.exit(0));
  } catch (e) {
    process.send({ error: e instanceof Error ? e.stack : String(e) }, () => process.exit(1));
  } finally {
    clearTimeout(hardStop);
  }
});
