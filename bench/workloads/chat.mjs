/**
 * Workload 1 (and 4, on a cluster): room chat broadcast. `clients` users in rooms of
 * `roomSize`; every client sends `rate` messages a second (open loop: on schedule, not
 * after the previous reply), and every member — the sender too — gets `new_message`.
 * The rate steps up the ladder until p99 passes the limit, anything is lost, or the
 * loader itself runs out of core (rates up to `alwaysUpTo` are measured in any case: the
 * CPU-per-message figure is taken at R=2).
 *
 * Latency = send time (written into the text) → arrival at each member. Loss = deliveries
 * missing after the drain, plus refused sends.
 */
import { connectFleet, closeFleet, expectOk } from '../lib/fleet.mjs';
import { Samples, pool, round, sleep } from '../lib/stats.mjs';
import { openWindow, closeWindow } from '../lib/window.mjs';

const MARK = Buffer.from('"text":"T');
const PAD = 'x'.repeat(40);
const TICK_MS = 4;
const LOADER_BUSY = 0.9;

export async function chatWorkload({ target, params, log }) {
  const { clients: n, roomSize, ladder, warmupMs, measureMs, drainMs, p99LimitMs } = params;
  const step = { sent: 0, delivered: 0, inWindow: 0, errors: 0, from: Infinity, to: -Infinity, lat: new Samples(), ack: new Samples() };

  const onEvent = (_c, name, buf) => {
    if (name !== 'new_message') return;
    const now = performance.now();
    let i = buf.indexOf(MARK) + MARK.length;
    let us = 0;
    for (let ch = buf[i]; ch >= 0x30 && ch <= 0x39; ch = buf[++i]) us = us * 10 + (ch - 0x30);
    const sentAt = us / 1000;
    step.delivered++;
    if (sentAt >= step.from && sentAt < step.to) {
      step.inWindow++;
      step.lat.add(now - sentAt);
    }
  };

  const t0 = performance.now();
  const clients = await connectFleet({ urls: target.urls, secret: target.secret, n, prefix: 'c', onEvent });
  const connectMs = performance.now() - t0;
  const roomOf = (i) => `bench_chat_${Math.floor(i / roomSize)}`;
  const owners = clients.filter((c) => c.index % roomSize === 0);
  await pool(owners.length, 32, async (k) => {
    const c = owners[k];
    expectOk(await c.request('create_room', { room_id: roomOf(c.index), game_type: 'chat', max_players: roomSize }), 'create_room');
  });
  await pool(n, 64, async (i) => {
    if (i % roomSize !== 0) expectOk(await clients[i].request('join_room', { room_id: roomOf(i) }), 'join_room');
  });
  log(`chat: ${n} clients in ${owners.length} rooms ready in ${Math.round(performance.now() - t0)} ms`);

  // interleave rooms so consecutive sends hit different rooms
  const order = [...clients].sort((a, b) => (a.index % roomSize) - (b.index % roomSize) || a.index - b.index);
  const steps = [];
  for (const rate of ladder) {
    const r = await runStep(rate);
    steps.push(r);
    log(`chat R=${rate}: p50 ${r.p50} p99 ${r.p99} max ${r.max} ms, ${r.deliveredPerS}/s, lost ${r.lost}, errors ${r.errors}, server ${r.cpuUsPerDelivery} µs/delivery (${r.serverCores} core), loader ${r.loaderCores} core`);
    if (!r.held && rate >= (params.alwaysUpTo ?? 0)) break;
  }
  closeFleet(clients);
  return { connectMs: Math.round(connectMs), steps };

  async function runStep(rate) {
    Object.assign(step, { sent: 0, delivered: 0, inWindow: 0, errors: 0, from: Infinity, to: -Infinity, lat: new Samples(), ack: new Samples() });
    const perMs = (n * rate) / 1000;
    const start = performance.now();
    let cursor = 0;
    let win = null;
    let measured = null;
    const sendOne = () => {
      const c = order[cursor++ % n];
      const at = performance.now();
      step.sent++;
      const ok = c.emit('send_message', { room_id: roomOf(c.index), text: `T${Math.round(at * 1000)}|${PAD}` }, (reply) => {
        if (!reply?.success) step.errors++;
        else if (at >= step.from && at < step.to) step.ack.add(performance.now() - at);
      });
      if (!ok) step.errors++;
    };
    while (true) {
      const now = performance.now();
      const elapsed = now - start;
      if (!win && elapsed >= warmupMs) {
        win = openWindow(target.pids);
        step.from = now;
        step.to = now + measureMs;
        win.delivered = step.delivered;
      }
      if (elapsed >= warmupMs + measureMs) break;
      const due = Math.floor(elapsed * perMs) - step.sent;
      for (let k = 0; k < due; k++) sendOne();
      await sleep(TICK_MS);
    }
    measured = closeWindow(win, target.pids);
    const deliveredInWindow = step.delivered - win.delivered;
    const expected = step.sent * roomSize;
    const drainUntil = performance.now() + drainMs;
    while (step.delivered < expected - step.errors * roomSize && performance.now() < drainUntil) await sleep(20);
    await sleep(50);
    const lat = step.lat.summary();
    const ack = step.ack.summary();
    const lost = Math.max(0, expected - step.errors * roomSize - step.delivered);
    const disconnected = clients.filter((c) => c.closed).length;
    const loaderBound = measured.loaderCores > LOADER_BUSY;
    return {
      rate,
      sent: step.sent,
      p50: lat.p50,
      p99: lat.p99,
      max: lat.max,
      ackP50: ack.p50,
      ackP99: ack.p99,
      deliveredPerS: Math.round((deliveredInWindow / measured.ms) * 1000),
      lost,
      errors: step.errors,
      disconnected,
      cpuUsPerDelivery: round((measured.serverCpuMs * 1000) / Math.max(1, deliveredInWindow), 2),
      serverCores: round(measured.serverCores, 2),
      loaderCores: round(measured.loaderCores, 2),
      servicesCores: round(measured.servicesCores, 2),
      rssMb: round(measured.rss / 2 ** 20, 1),
      hwmMb: round(measured.hwm / 2 ** 20, 1),
      loaderBound,
      held: lat.p99 !== null && lat.p99 < p99LimitMs && lost === 0 && step.errors === 0 && disconnected === 0 && !loaderBound,
    };
  }
}
