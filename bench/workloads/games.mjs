/**
 * Workload 2: `games` concurrent tictactoe games (2 clients each; on a cluster the two
 * players sit on different nodes). A player whose turn it is marks a random free cell
 * after a think time; a finished game is left by both and a new one is created, joined
 * and started. The games begin spread over `staggerMs`, so that their rematches are spread
 * too. Measured: `game_action` sent → the actor's `game_state` of that version (the round
 * trip), and the ack.
 */
import { connectFleet, closeFleet, expectOk } from '../lib/fleet.mjs';
import { Samples, pool, round, sleep } from '../lib/stats.mjs';
import { openWindow, closeWindow } from '../lib/window.mjs';

export async function gamesWorkload({ target, params, log }) {
  const { games, thinkMinMs, thinkMaxMs, staggerMs, warmupMs, measureMs } = params;
  const st = { from: Infinity, to: -Infinity, actions: 0, inWindow: 0, errors: 0, rtt: new Samples(), ack: new Samples(), rematches: 0, stopping: false, trips: [] };
  const think = () => thinkMinMs + Math.random() * (thinkMaxMs - thinkMinMs);

  const onEvent = (c, name, buf) => {
    if (name !== 'game_state') return;
    const now = performance.now();
    const d = c.args(buf)[1];
    if (d.room_id !== c.room) return;
    const p = c.pending;
    if (p && d.version >= p.version) {
      c.pending = null;
      if (p.at >= st.from && p.at < st.to) {
        st.inWindow++;
        st.rtt.add(now - p.at);
        st.trips.push([p.at, now - p.at, c.index % target.urls.length]);
      }
    }
    if (d.state.turn === null) {
      if (c.owner && !st.stopping) void rematch(c.pair).catch((e) => log(`rematch failed: ${e.message}`));
      return;
    }
    if (d.state.turn === c.userId && !st.stopping) {
      const room = c.room;
      setTimeout(() => move(c, room, d), think());
    }
  };

  const move = (c, room, d) => {
    if (st.stopping || c.room !== room) return;
    const free = [];
    for (let i = 0; i < 9; i++) if (d.state.board[i] === null) free.push(i);
    const at = performance.now();
    c.pending = { version: d.version + 1, at };
    // with an action_id, as Parlor's client SDK sends every move (a retry gets the first reply)
    const actionId = `m${++st.actions}`;
    c.emit('game_action', { room_id: room, action: 'mark', payload: { cell: free[Math.floor(Math.random() * free.length)] }, action_id: actionId }, (reply) => {
      if (!reply?.success) st.errors++;
      else if (at >= st.from && at < st.to) st.ack.add(performance.now() - at);
    });
  };

  const clients = await connectFleet({ urls: target.urls, secret: target.secret, n: games * 2, prefix: 'g', onEvent });
  const pairs = [];
  for (let k = 0; k < games; k++) {
    const [a, b] = [clients[2 * k], clients[2 * k + 1]];
    a.owner = true;
    pairs.push({ k, a, b, round: 0 });
    a.pair = b.pair = pairs[k];
  }

  async function begin(pair) {
    const room = `bench_game_${pair.k}_${pair.round++}`;
    pair.a.room = pair.b.room = room;
    expectOk(await pair.a.request('create_room', { room_id: room, game_type: 'tictactoe' }), 'create_room');
    expectOk(await pair.b.request('join_room', { room_id: room }), 'join_room');
    expectOk(await pair.a.request('start_game', { room_id: room }), 'start_game');
  }

  async function rematch(pair) {
    const room = pair.a.room;
    pair.a.room = pair.b.room = null;
    await Promise.all([pair.a.request('leave_room', { room_id: room }), pair.b.request('leave_room', { room_id: room })]);
    if (st.stopping) return;
    st.rematches++;
    await begin(pair);
  }

  // Each game starts at a random instant of the first `staggerMs` (about one game's length):
  // games begun together would also end together, and their rematches arrive as one wave
  // per game length instead of the steady trickle of a server whose games began at
  // different times (PERFORMANCE.md, change 33).
  const t0 = performance.now();
  const starts = pairs.map(() => Math.random() * staggerMs).sort((x, y) => x - y);
  await pool(games, 32, async (k) => {
    await sleep(starts[k] - (performance.now() - t0));
    await begin(pairs[k]);
  });
  log(`games: ${games} games started over ${Math.round(performance.now() - t0)} ms`);
  await sleep(warmupMs);
  const win = openWindow(target.pids);
  st.from = performance.now();
  st.to = st.from + measureMs;
  await sleep(measureMs);
  const measured = closeWindow(win, target.pids);
  st.stopping = true;
  await sleep(Math.min(1000, thinkMaxMs));
  closeFleet(clients);
  const rtt = st.rtt.summary();
  const ack = st.ack.summary();
  const r = {
    games,
    actionsPerS: Math.round((st.inWindow / measured.ms) * 1000),
    p50: rtt.p50,
    p99: rtt.p99,
    max: rtt.max,
    ackP50: ack.p50,
    ackP99: ack.p99,
    samples: rtt.count,
    errors: st.errors,
    rematches: st.rematches,
    cpuUsPerAction: round((measured.serverCpuMs * 1000) / Math.max(1, st.inWindow), 1),
    serverCores: round(measured.serverCores, 2),
    loaderCores: round(measured.loaderCores, 2),
    servicesCores: round(measured.servicesCores, 2),
    rssMb: round(measured.rss / 2 ** 20, 1),
    hwmMb: round(measured.hwm / 2 ** 20, 1),
    // for lib/gc-pauses.mjs (run.mjs reads the servers' GC pauses once they have stopped): the window and the slowest 1 %
    window: [performance.timeOrigin + st.from, performance.timeOrigin + st.to],
    slowest: slowest(st.trips),
  };
  log(`games: p50 ${r.p50} p99 ${r.p99} max ${r.max} ms, ${r.actionsPerS} actions/s, errors ${r.errors}, server ${r.cpuUsPerAction} µs/action`);
  return r;
}

/** The slowest 1 % of the round trips (at least one): [sent at (epoch ms), ms, node]. */
function slowest(trips) {
  const n = Math.max(1, Math.ceil(trips.length / 100));
  return [...trips].sort((a, b) => b[1] - a[1]).slice(0, n).map(([at, ms, node]) => [performance.timeOrigin + at, ms, node]);
}
