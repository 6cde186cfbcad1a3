/**
 * `chsh` through real sockets (SPEC §8): each player sees only their own question until
 * both answered, spectators see none, `submit_answer` is an alias of `answer`, and the
 * statistics the server reports match E, S and the win rate computed here by hand from
 * the history it returned.
 */
import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';
import type { TestClient } from '../support/client.js';
import { httpEvents, startRoom } from '../support/games.js';

const fx = useServer();

const VIEW_KEYS = ['answered', 'history', 'my_question', 'partner_answered', 'round', 'rounds', 'stats'];
type Round = { round: number; questions: { '0': 'A' | 'B'; '1': 'X' | 'Y' }; answers: { '0': boolean; '1': boolean }; won: boolean };

/** E, S and win rate exactly as SPEC §8 defines them, from a history. */
function byHand(history: Round[]) {
  const pairs = ['AX', 'AY', 'BX', 'BY'] as const;
  const counts: Record<string, number> = { AX: 0, AY: 0, BX: 0, BY: 0 };
  const sum: Record<string, number> = { AX: 0, AY: 0, BX: 0, BY: 0 };
  let wins = 0;
  for (const h of history) {
    const pair = h.questions['0'] + h.questions['1'];
    const a = h.answers['0'] ? 1 : -1;
    const b = h.answers['1'] ? 1 : -1;
    counts[pair]! += 1;
    sum[pair]! += a * b; // +1 same, −1 different
    const won = (h.answers['0'] !== h.answers['1']) === (h.questions['0'] === 'B' && h.questions['1'] === 'Y');
    if (won) wins += 1;
  }
  const E = Object.fromEntries(pairs.map((p) => [p, counts[p] ? sum[p]! / counts[p]! : null])) as Record<string, number | null>;
  const S = pairs.every((p) => E[p] !== null) ? E.AX! + E.AY! + E.BX! - E.BY! : null;
  return { counts, E, S, win_rate: history.length ? wins / history.length : null };
}

async function viewOf(c: TestClient, room_id: string) {
  return (await c.ok('get_game_state', { room_id })).state;
}

describe('chsh', () => {
  it('hides each question from the partner and from spectators until both answered, and reports statistics that match the history', async () => {
    const [alice, bob, watcher] = [await fx.guest('Alice'), await fx.guest('Bob'), await fx.guest('Watcher')];
    const { room_id, started } = await startRoom(alice, bob, 'chsh', { metadata: { team_name: 'Qubits', rounds: 8, combo_repeats: 2 } });
    await watcher.ok('join_room', { room_id, as: 'spectator' });
    expect(started.state).toEqual({
      round: 1, rounds: 8, my_question: expect.stringMatching(/^[AB]$/), answered: false, partner_answered: false, history: [],
      stats: { counts: { AX: 0, AY: 0, BX: 0, BY: 0 }, E: { AX: null, AY: null, BX: null, BY: null }, S: null, win_rate: null },
    });

    let version = 0;
    for (let round = 1; round <= 8; round++) {
      const [va, vb, vw] = [await viewOf(alice, room_id), await viewOf(bob, room_id), await viewOf(watcher, room_id)];
      for (const v of [va, vb, vw]) {
        expect(Object.keys(v).sort()).toEqual(VIEW_KEYS);
        expect(v.round).toBe(round);
        expect(v.history).toHaveLength(round - 1); // never the round in play
      }
      expect(va.my_question).toMatch(/^[AB]$/);
      expect(vb.my_question).toMatch(/^[XY]$/);
      expect(vw).toMatchObject({ my_question: null, answered: false, partner_answered: false });

      const a = round % 3 !== 0;
      const b = round % 2 === 0;
      const first = await alice.ok('game_action', { room_id, action: 'answer', payload: { round, answer: a } });
      expect(first).toEqual({ version: ++version, result: { round, round_complete: false } });
      expect(await alice.err('game_action', { room_id, action: 'answer', payload: { round, answer: a } })).toMatchObject({ code: 'INVALID_MOVE', reason: 'ALREADY_ANSWERED' });

      // Bob learns that Alice answered, not what she was asked or what she said
      const bobSees = await bob.waitFor('game_state', (g) => g.room_id === room_id && g.version === version);
      expect(bobSees.state).toEqual({ ...vb, partner_answered: true });
      expect(bobSees.last_action).toEqual({ user_id: alice.id, action: 'answer' });
      expect((await alice.waitFor('game_state', (g) => g.room_id === room_id && g.version === version)).state).toEqual({ ...va, answered: true });
      expect((await watcher.waitFor('game_state', (g) => g.room_id === room_id && g.version === version)).state).toEqual(vw);
      const log = await httpEvents(fx.server, bob, room_id, version - 1);
      expect(log.body.events).toEqual([{ version, user_id: alice.id, action: 'answer', ts: expect.any(String) }]);
      expect((await bob.ok('sync', { room_id, since_version: version - 1 })).events).toEqual([{ version, user_id: alice.id, action: 'answer' }]);

      const second = await bob.ok('submit_answer', { room_id, round, answer: b });
      expect(second).toMatchObject({ version: ++version, result: { round, round_complete: true, won: expect.any(Boolean) } });
      const done = (await viewOf(watcher, room_id)).history.at(-1) as Round;
      expect(done).toEqual({ round, questions: { '0': va.my_question, '1': vb.my_question }, answers: { '0': a, '1': b }, won: second.result.won });
    }

    const over = await watcher.waitFor('game_over', (g) => g.room_id === room_id);
    const final = await viewOf(alice, room_id);
    expect(final).toMatchObject({ round: 8, my_question: null, answered: false, partner_answered: false });
    const history = final.history as Round[];
    expect(history.map((h) => h.round)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const expected = byHand(history);
    expect(expected.counts).toEqual({ AX: 2, AY: 2, BX: 2, BY: 2 }); // the balanced opening: each pair combo_repeats times
    for (const h of history) expect(h.won).toBe((h.answers['0'] !== h.answers['1']) === (h.questions['0'] === 'B' && h.questions['1'] === 'Y'));
    expect(final.stats.counts).toEqual(expected.counts);
    for (const p of ['AX', 'AY', 'BX', 'BY']) expect(final.stats.E[p]).toBeCloseTo(expected.E[p]!, 12);
    expect(final.stats.S).toBeCloseTo(expected.S!, 12);
    expect(final.stats.win_rate).toBeCloseTo(expected.win_rate!, 12);
    expect(over.result).toEqual({ rounds_played: 8, rounds: 8, team_name: 'Qubits', stats: final.stats });
    expect((await watcher.ok('get_room', { room_id })).room.status).toBe('finished');
    expect((await bob.err('submit_answer', { room_id, round: 8, answer: true })).code).toBe('GAME_OVER');
  });

  it('ends the game when the turn timer runs out, naming only the player who had not answered', async () => {
    const [alice, bob] = [await fx.guest(), await fx.guest()];
    const { room_id } = await startRoom(alice, bob, 'chsh', { turn_time_limit_s: 1, metadata: { rounds: 5 } });
    await alice.ok('submit_answer', { room_id, round: 1, answer: true });
    await bob.ok('submit_answer', { room_id, round: 1, answer: true });
    await alice.ok('submit_answer', { room_id, round: 2, answer: false });
    expect(await alice.waitFor('turn_timeout', (e) => e.room_id === room_id, 4000)).toEqual({ room_id, user_id: bob.id });
    const over = await bob.waitFor('game_over', (e) => e.room_id === room_id, 3000);
    const { state } = await alice.ok('get_game_state', { room_id });
    expect(over.result).toEqual({ rounds_played: 1, rounds: 5, stats: state.stats, timed_out: [bob.id] });
    expect(state.stats.counts.AX + state.stats.counts.AY + state.stats.counts.BX + state.stats.counts.BY).toBe(1);
    expect(alice.events('turn_timeout').filter((e) => e.room_id === room_id)).toHaveLength(1);
  });

  it('broadcasts turn_timeout for each player when neither answered in time', async () => {
    const [alice, bob] = [await fx.guest(), await fx.guest()];
    const { room_id } = await startRoom(alice, bob, 'chsh', { turn_time_limit_s: 1, metadata: { rounds: 5 } });
    const over = await alice.waitFor('game_over', (e) => e.room_id === room_id, 4000);
    expect(over.result).toMatchObject({ rounds_played: 0, timed_out: [alice.id, bob.id] });
    await bob.waitFor('turn_timeout', (e) => e.room_id === room_id && e.user_id === bob.id, 1000);
    expect(bob.events('turn_timeout').filter((e) => e.room_id === room_id)).toEqual([{ room_id, user_id: alice.id }, { room_id, user_id: bob.id }]);
  });

  it('refuses a wrong round, bad alias payloads, spectators, and out-of-range metadata', async () => {
    const [alice, bob, watcher] = [await fx.guest(), await fx.guest(), await fx.guest()];
    const { room_id } = await startRoom(alice, bob, 'chsh', { metadata: { rounds: 2 } });
    await watcher.ok('join_room', { room_id, as: 'spectator' });
    expect(await alice.err('submit_answer', { room_id, round: 2, answer: true })).toMatchObject({ code: 'INVALID_MOVE', reason: 'WRONG_ROUND' });
    expect(await alice.err('submit_answer', { room_id, round: 1 })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'answer' });
    expect(await alice.err('submit_answer', { room_id, round: 1, answer: 'yes' })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'answer' });
    expect(await alice.err('game_action', { room_id, action: 'answer', payload: { round: 1.5, answer: true } })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'payload.round' });
    expect((await watcher.err('submit_answer', { room_id, round: 1, answer: true })).code).toBe('FORBIDDEN');
    expect((await alice.err('create_room', { game_type: 'chsh', metadata: { rounds: 0 } })).field).toBe('metadata.rounds');
    expect((await alice.err('create_room', { game_type: 'chsh', metadata: { combo_repeats: 51 } })).field).toBe('metadata.combo_repeats');
    expect((await alice.ok('get_game_state', { room_id })).version).toBe(0);
  });
});
