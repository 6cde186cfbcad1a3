import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCORE_CHALLENGE_METADATA, scoreChallenge } from '../../src/games/score-challenge.js';
import { GameDriver, ok, START } from './play.js';

describe('score_challenge', () => {
  it('ends duration_s after the start (default 300 s) and has no turns', () => {
    const d = new GameDriver(scoreChallenge);
    expect(d.state.ends_at).toBe(START + 300_000);
    expect(scoreChallenge.deadline?.(d.state)).toBe(START + 300_000);
    expect(scoreChallenge.turn(d.state)).toEqual([]);
    const short = new GameDriver(scoreChallenge, { metadata: { duration_s: 30 } });
    expect(short.state.ends_at).toBe(START + 30_000);
  });

  it('bounds duration_s to 30–3600 whole seconds', () => {
    const schema = SCORE_CHALLENGE_METADATA.duration_s;
    expect(schema.parse(undefined)).toBe(300);
    for (const good of [30, 3600]) expect(schema.parse(good)).toBe(good);
    for (const bad of [29, 3601, 60.5, '60']) expect(schema.safeParse(bad).success).toBe(false);
  });

  it('sets the reporter’s own score, last report wins', () => {
    const d = new GameDriver(scoreChallenge);
    expect(ok(d.act(0, 'report_score', { score: 10 })).result).toEqual({ score: 10 });
    ok(d.act(1, 'report_score', { score: 7 }));
    ok(d.act(0, 'report_score', { score: 4 }));
    expect(d.view(0)).toMatchObject({ scores: { user_0: 4, user_1: 7 }, my_score: 4, over: false });
    expect(d.view(1).my_score).toBe(7);
    expect(d.view(null).my_score).toBeNull();
  });

  it('shows times as ISO strings', () => {
    const d = new GameDriver(scoreChallenge, { metadata: { duration_s: 60 } });
    expect(d.view(null)).toMatchObject({
      started_at: '2026-11-23T01:00:00.000Z', ends_at: '2026-11-23T01:01:00.000Z', duration_s: 60,
    });
  });

  it('accepts the update_challenge_score alias', () => {
    expect(scoreChallenge.aliases?.update_challenge_score).toEqual({ action: 'report_score', payloadKeys: ['score'] });
    const d = new GameDriver(scoreChallenge);
    ok(d.alias(1, 'update_challenge_score', { score: 3 }));
    expect(d.view(1).my_score).toBe(3);
  });

  it('validates the score as an integer ≥ 0', () => {
    const d = new GameDriver(scoreChallenge);
    for (const score of [-1, 1.5, '3', null]) {
      expect(d.act(0, 'report_score', { score })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'payload.score' });
    }
    expect(d.act(0, 'report_score', { score: 1, extra: 1 })).toMatchObject({ code: 'VALIDATION_ERROR' });
  });

  it('ends at the deadline with the higher score winning', () => {
    const d = new GameDriver(scoreChallenge);
    ok(d.act(0, 'report_score', { score: 12 }));
    ok(d.act(1, 'report_score', { score: 30 }));
    expect(d.result()).toBeUndefined();
    ok(d.deadline());
    expect(d.result()).toEqual({ winner: 'user_1', scores: { user_0: 12, user_1: 30 } });
    expect(scoreChallenge.deadline?.(d.state)).toBeNull();
    expect(d.view(0)).toMatchObject({ over: true, winner: 'user_1' });
  });

  it('is a tie (winner null) on equal scores, also when nobody reported', () => {
    const d = new GameDriver(scoreChallenge);
    ok(d.act(0, 'report_score', { score: 5 }));
    ok(d.act(1, 'report_score', { score: 5 }));
    ok(d.deadline());
    expect(d.result()).toEqual({ winner: null, scores: { user_0: 5, user_1: 5 } });
    const quiet = new GameDriver(scoreChallenge);
    ok(quiet.deadline());
    expect(quiet.result()).toEqual({ winner: null, scores: { user_0: 0, user_1: 0 } });
  });

  it('refuses reports after the end with GAME_OVER, also when time is up before the timer step', () => {
    const d = new GameDriver(scoreChallenge, { metadata: { duration_s: 30 } });
    const late = scoreChallenge.actions.report_score.apply(
      d.state, { score: 1 }, { user_id: 'user_0', seat: 0 }, { players: [], random: () => 0, now: START + 30_000, metadata: {} },
    );
    expect(late).toMatchObject({ reject: 'GAME_OVER' });
    ok(d.deadline());
    expect(d.act(0, 'report_score', { score: 1 })).toMatchObject({ code: 'GAME_OVER' });
    const direct = scoreChallenge.actions.report_score.apply(
      d.state, { score: 1 }, { user_id: 'user_0', seat: 0 }, { players: [], random: () => 0, now: START, metadata: {} },
    );
    expect(direct).toMatchObject({ reject: 'GAME_OVER' });
  });

  it('random reports keep scores ≥ 0, pick the right winner, and replay exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1), fc.nat(1000)), { maxLength: 30, size: 'max' }), (reports) => {
        const d = new GameDriver(scoreChallenge, { tick: 5000 });
        const last = [0, 0];
        for (const [seat, score] of reports) {
          if (d.now + d.tick >= d.state.ends_at) break;
          ok(d.act(seat, 'report_score', { score }));
          last[seat] = score;
        }
        ok(d.deadline());
        const winner = last[0] === last[1] ? null : last[0] > last[1] ? 'user_0' : 'user_1';
        expect(d.result()).toEqual({ winner, scores: { user_0: last[0], user_1: last[1] } });
        expect(d.replay()).toEqual(d.state);
      }),
    );
  });
});
