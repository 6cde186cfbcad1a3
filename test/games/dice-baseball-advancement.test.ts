import { describe, expect, it } from 'vitest';
import { advance, describePlay, type PlayInput } from '../../src/games/dice-baseball/advancement.js';
import type { Outcome } from '../../src/games/dice-baseball/schemas.js';

// Runners: 11 on first, 12 on second, 13 on third; the batter is 9.
const B = 9;
const normal = { infield_depth: 'normal', outfield_depth: 'normal' } as const;
const play = (
  outcome: Outcome, bases: (number | null)[], outs = 0, defense: PlayInput['defense'] = normal,
) => advance({ bases, outs, batter: B, outcome, defense });
const _ = null;
const LOADED = [11, 12, 13];

describe('walk and hit-by-pitch force runners only', () => {
  it.each(['walk', 'hbp'] as const)('%s with the bases empty puts the batter on first', (outcome) => {
    expect(play(outcome, [_, _, _])).toEqual({
      bases: [B, _, _], outs_recorded: 0, scorers: [], runners_advanced: [{ from: 0, to: 1 }],
      double_play: false, sacrifice_fly: false,
    });
  });

  it.each(['walk', 'hbp'] as const)('%s with the bases loaded forces a run in', (outcome) => {
    const r = play(outcome, LOADED);
    expect(r.bases).toEqual([B, 11, 12]);
    expect(r.scorers).toEqual([13]);
    expect(r.runners_advanced).toEqual([{ from: 3, to: 4 }, { from: 2, to: 3 }, { from: 1, to: 2 }, { from: 0, to: 1 }]);
  });

  it('moves the runner on first to second', () => {
    expect(play('walk', [11, _, _]).bases).toEqual([B, 11, _]);
  });

  it('leaves an unforced runner on second or third where he is', () => {
    const second = play('walk', [_, 12, _]);
    expect(second.bases).toEqual([B, 12, _]);
    expect(second.runners_advanced).toEqual([{ from: 0, to: 1 }]);
    expect(play('walk', [_, _, 13]).bases).toEqual([B, _, 13]);
    expect(play('walk', [_, 12, 13]).bases).toEqual([B, 12, 13]);
    const cornerS = play('walk', [11, _, 13]);
    expect(cornerS.bases).toEqual([B, 11, 13]);
    expect(cornerS.scorers).toEqual([]);
  });

  it('with first and second occupied forces both up', () => {
    expect(play('walk', [11, 12, _]).bases).toEqual([B, 11, 12]);
  });
});

describe('hits', () => {
  it('single: batter to first, runner on first to second, runners on second and third score', () => {
    const r = play('single', LOADED);
    expect(r.bases).toEqual([B, 11, _]);
    expect(r.scorers).toEqual([13, 12]);
    expect(r.runners_advanced).toEqual([{ from: 3, to: 4 }, { from: 2, to: 4 }, { from: 1, to: 2 }, { from: 0, to: 1 }]);
    expect(play('single', [_, 12, _]).scorers).toEqual([12]);
    expect(play('single', [11, _, _]).bases).toEqual([B, 11, _]);
  });

  it('double: batter to second, every runner advances two bases', () => {
    const r = play('double', LOADED);
    expect(r.bases).toEqual([_, B, 11]);
    expect(r.scorers).toEqual([13, 12]);
    expect(r.runners_advanced).toEqual([{ from: 3, to: 4 }, { from: 2, to: 4 }, { from: 1, to: 3 }, { from: 0, to: 2 }]);
    expect(play('double', [11, _, _]).bases).toEqual([_, B, 11]);
  });

  it('triple: all runners score, batter to third', () => {
    const r = play('triple', LOADED);
    expect(r.bases).toEqual([_, _, B]);
    expect(r.scorers).toEqual([13, 12, 11]);
    expect(play('triple', [11, _, _]).scorers).toEqual([11]);
  });

  it('homerun: everyone scores', () => {
    const slam = play('homerun', LOADED);
    expect(slam.bases).toEqual([_, _, _]);
    expect(slam.scorers).toEqual([13, 12, 11, B]);
    expect(slam.runners_advanced).toHaveLength(4);
    expect(play('homerun', [_, _, _])).toMatchObject({ scorers: [B], runners_advanced: [{ from: 0, to: 4 }] });
  });

  it('hits record no outs', () => {
    for (const o of ['single', 'double', 'triple', 'homerun'] as const) expect(play(o, LOADED, 2).outs_recorded).toBe(0);
  });
});

describe('outs without advance', () => {
  it.each(['strikeout', 'popout', 'lineout', 'flyball_c'] as const)('%s: batter out, nobody moves', (outcome) => {
    expect(play(outcome, LOADED)).toEqual({
      bases: LOADED, outs_recorded: 1, scorers: [], runners_advanced: [], double_play: false, sacrifice_fly: false,
    });
  });
});

describe('groundballs', () => {
  it('groundball_a with a runner on first and < 2 outs is a double play (batter and runner on first out)', () => {
    for (const infield_depth of ['normal', 'double_play'] as const) {
      for (const outs of [0, 1]) {
        const r = play('groundball_a', [11, _, _], outs, { infield_depth, outfield_depth: 'normal' });
        expect(r).toMatchObject({ outs_recorded: 2, double_play: true, scorers: [], runners_advanced: [] });
        if (outs === 0) expect(r.bases).toEqual([_, _, _]);
      }
    }
  });

  it('on a double play with the bases loaded and no out, the forced runners advance and the run counts', () => {
    const r = play('groundball_a', LOADED, 0);
    expect(r.outs_recorded).toBe(2);
    expect(r.bases).toEqual([_, _, 12]);
    expect(r.scorers).toEqual([13]);
    expect(r.runners_advanced).toEqual([{ from: 3, to: 4 }, { from: 2, to: 3 }]);
  });

  it('a double play that makes the third out scores nobody', () => {
    expect(play('groundball_a', LOADED, 1)).toMatchObject({ outs_recorded: 2, scorers: [], runners_advanced: [] });
  });

  it('groundball_a with the infield in is a plain groundball: batter out, forced runners advance one', () => {
    const r = play('groundball_a', [11, _, _], 0, { infield_depth: 'in', outfield_depth: 'normal' });
    expect(r).toMatchObject({ outs_recorded: 1, double_play: false, bases: [_, 11, _], runners_advanced: [{ from: 1, to: 2 }] });
  });

  it('groundball_a with two outs is the third out (no double play needed)', () => {
    expect(play('groundball_a', [11, _, _], 2)).toMatchObject({ outs_recorded: 1, double_play: false, scorers: [] });
  });

  it('groundball_a without a runner on first is a plain groundball', () => {
    expect(play('groundball_a', [_, 12, _], 0)).toMatchObject({ outs_recorded: 1, double_play: false, bases: [_, 12, _] });
  });

  it.each(['groundball_b', 'groundball_c'] as const)('%s: batter out, forced runners advance one', (outcome) => {
    expect(play(outcome, [11, _, _])).toMatchObject({ outs_recorded: 1, bases: [_, 11, _] });
    expect(play(outcome, [_, 12, _])).toMatchObject({ outs_recorded: 1, bases: [_, 12, _], runners_advanced: [] });
    expect(play(outcome, [11, _, 13])).toMatchObject({ bases: [_, 11, 13], scorers: [] });
    expect(play(outcome, [11, 12, _])).toMatchObject({ bases: [_, 11, 12] });
    const loaded = play(outcome, LOADED, 0);
    expect(loaded).toMatchObject({ outs_recorded: 1, bases: [_, 11, 12], scorers: [13] });
    expect(loaded.runners_advanced).toEqual([{ from: 3, to: 4 }, { from: 2, to: 3 }, { from: 1, to: 2 }]);
  });

  it('a groundball for the third out scores nobody', () => {
    expect(play('groundball_b', LOADED, 2)).toMatchObject({ outs_recorded: 1, scorers: [], runners_advanced: [] });
  });
});

describe('flyballs', () => {
  it.each(['flyball_a', 'flyball_b'] as const)('%s with < 2 outs scores the runner on third (sacrifice fly)', (outcome) => {
    for (const outs of [0, 1]) {
      const r = play(outcome, LOADED, outs);
      expect(r).toMatchObject({ outs_recorded: 1, scorers: [13], sacrifice_fly: true, bases: [11, 12, _] });
      expect(r.runners_advanced).toEqual([{ from: 3, to: 4 }]);
    }
  });

  it.each(['flyball_a', 'flyball_b'] as const)('%s does not score the runner with the outfield in', (outcome) => {
    const r = play(outcome, [_, _, 13], 0, { infield_depth: 'normal', outfield_depth: 'in' });
    expect(r).toMatchObject({ outs_recorded: 1, scorers: [], sacrifice_fly: false, bases: [_, _, 13] });
  });

  it.each(['flyball_a', 'flyball_b'] as const)('%s with two outs is the third out, no run', (outcome) => {
    expect(play(outcome, [_, _, 13], 2)).toMatchObject({ outs_recorded: 1, scorers: [], sacrifice_fly: false });
  });

  it('outfield back still allows the sacrifice fly', () => {
    expect(play('flyball_a', [_, _, 13], 0, { infield_depth: 'normal', outfield_depth: 'back' }).scorers).toEqual([13]);
  });

  it('flyball without a runner on third is just an out', () => {
    expect(play('flyball_a', [11, 12, _], 0)).toMatchObject({ outs_recorded: 1, bases: [11, 12, _], sacrifice_fly: false });
  });
});

describe('describePlay', () => {
  it('names the outcome, the place and the runs', () => {
    expect(describePlay('single', 'CF', play('single', LOADED))).toBe('Single to center field, 2 runs score');
    expect(describePlay('groundball_a', 'SS', play('groundball_a', [11, _, _]))).toBe('Groundball to shortstop, double play');
    expect(describePlay('flyball_b', 'RF', play('flyball_b', [_, _, 13]))).toBe('Flyball to right field, sacrifice fly, 1 run scores');
    expect(describePlay('strikeout', null, play('strikeout', [_, _, _]))).toBe('Strikeout');
  });
});
