import { describe, expect, it } from 'vitest';
import { newGame, pa } from './dice-baseball-helpers.js';

/** Top 1: single, 2-run HR, walk, DP, K. Bottom 1: double, fly out, RBI single, RBI triple, sac fly, K. */
function firstInning() {
  const d = newGame();
  pa(d, 'single', 'CF'); // 1
  pa(d, 'homerun', 'LF'); // 2: 1 and 2 score
  pa(d, 'walk'); // 3
  pa(d, 'groundball_a', 'SS'); // 4: DP, 3 out at second
  pa(d, 'strikeout'); // 5
  pa(d, 'double', 'RF'); // 10
  pa(d, 'flyball_c', 'LF'); // 11
  pa(d, 'single', 'CF'); // 12: 10 scores
  pa(d, 'triple', 'RF'); // 13: 12 scores
  pa(d, 'flyball_b', 'RF'); // 14: sac fly, 13 scores
  pa(d, 'strikeout'); // 15
  return d;
}

const zero = { pa: 0, ab: 0, r: 0, h: 0, doubles: 0, triples: 0, hr: 0, rbi: 0, bb: 0, hbp: 0, so: 0 };

describe('get_box_score', () => {
  it('computes the batting lines from the plays (checked by hand)', () => {
    const d = firstInning();
    const { batting } = d.query('get_box_score', {});
    const line = (id: number) => {
      const { pa, ab, r, h, doubles, triples, hr, rbi, bb, hbp, so } = batting.find((l: { lineup_id: number }) => l.lineup_id === id);
      return { pa, ab, r, h, doubles, triples, hr, rbi, bb, hbp, so };
    };
    expect(line(1)).toEqual({ ...zero, pa: 1, ab: 1, r: 1, h: 1 });
    expect(line(2)).toEqual({ ...zero, pa: 1, ab: 1, r: 1, h: 1, hr: 1, rbi: 2 });
    expect(line(3)).toEqual({ ...zero, pa: 1, bb: 1 });
    expect(line(4)).toEqual({ ...zero, pa: 1, ab: 1 });
    expect(line(5)).toEqual({ ...zero, pa: 1, ab: 1, so: 1 });
    expect(line(6)).toEqual(zero);
    expect(line(10)).toEqual({ ...zero, pa: 1, ab: 1, r: 1, h: 1, doubles: 1 });
    expect(line(11)).toEqual({ ...zero, pa: 1, ab: 1 });
    expect(line(12)).toEqual({ ...zero, pa: 1, ab: 1, r: 1, h: 1, rbi: 1 });
    expect(line(13)).toEqual({ ...zero, pa: 1, ab: 1, r: 1, h: 1, triples: 1, rbi: 1 });
    expect(line(14)).toEqual({ ...zero, pa: 1, rbi: 1 });
    expect(line(15)).toEqual({ ...zero, pa: 1, ab: 1, so: 1 });
    expect(batting).toHaveLength(18);
    expect(batting[0]).toMatchObject({ team: 'away', lineup_id: 1, position: 'CF', batting_order: 1, is_active: true });
    expect(batting[9]).toMatchObject({ team: 'home', lineup_id: 10 });
  });

  it('computes the pitching lines: outs, innings pitched, batters faced, hits, runs, walks, strikeouts, homers', () => {
    const d = firstInning();
    const { pitching } = d.query('get_box_score', {});
    expect(pitching).toEqual([
      { team: 'away', lineup_id: 9, card_id: d.state.teams.away.lineup[8].card_id, outs: 3, ip: '1.0', bf: 6, h: 3, r: 3, bb: 0, hbp: 0, so: 1, hr: 0 },
      { team: 'home', lineup_id: 18, card_id: d.state.teams.home.lineup[8].card_id, outs: 3, ip: '1.0', bf: 5, h: 2, r: 2, bb: 1, hbp: 0, so: 1, hr: 1 },
    ]);
  });

  it('computes the line score per half-inning batted', () => {
    const d = firstInning();
    expect(d.query('get_box_score', {}).line_score).toEqual({
      away: { innings: [2, 0], runs: 2, hits: 2 },
      home: { innings: [3], runs: 3, hits: 3 },
    });
    expect(d.state.score).toEqual({ away: 2, home: 3 });
  });

  it('gives no RBI on a double play, counts hit-by-pitch apart from walks, and credits the runner who scored', () => {
    const d = newGame();
    pa(d, 'walk'); // 1
    pa(d, 'walk'); // 2
    pa(d, 'walk'); // 3: bases loaded
    expect(pa(d, 'groundball_a', 'SS')).toMatchObject({ outs_recorded: 2, runs_scored: 1 }); // 4: 1 scores
    pa(d, 'hbp'); // 5
    pa(d, 'groundball_b', '2B'); // 6: third out
    const { batting, pitching } = d.query('get_box_score');
    const line = (id: number) => batting.find((l: { lineup_id: number }) => l.lineup_id === id);
    expect(line(1)).toMatchObject({ pa: 1, ab: 0, bb: 1, r: 1, rbi: 0 });
    expect(line(4)).toMatchObject({ pa: 1, ab: 1, rbi: 0, r: 0 });
    expect(line(5)).toMatchObject({ pa: 1, ab: 0, hbp: 1, bb: 0 });
    expect(pitching.find((p: { lineup_id: number }) => p.lineup_id === 18)).toMatchObject({ bf: 6, outs: 3, ip: '1.0', r: 1, bb: 3, hbp: 1, h: 0 });
    expect(d.state.score).toEqual({ away: 1, home: 0 });
  });

  it('lists every pitcher who pitched, and partial innings as thirds', () => {
    const d = newGame();
    pa(d, 'strikeout');
    const reliever = d.state.teams.home.roster[9];
    d.act(1, 'request_pitching_change', { lineup_id: 18, card_id: reliever });
    pa(d, 'walk');
    pa(d, 'popout');
    const home = d.query('get_box_score').pitching.filter((p: { team: string }) => p.team === 'home');
    expect(home.map((p: { lineup_id: number; ip: string; bf: number }) => [p.lineup_id, p.ip, p.bf])).toEqual([[18, '0.1', 1], [19, '0.1', 2]]);
  });

  it('starts with both starting pitchers and empty lines', () => {
    const d = newGame();
    const box = d.query('get_box_score');
    expect(box.pitching.map((p: { lineup_id: number; bf: number }) => [p.lineup_id, p.bf])).toEqual([[9, 0], [18, 0]]);
    expect(box.line_score).toEqual({ away: { innings: [0], runs: 0, hits: 0 }, home: { innings: [], runs: 0, hits: 0 } });
  });
});

describe('get_lineup', () => {
  it('answers {team, players, bench} by batting order, visible to anyone', () => {
    const d = newGame();
    const answer = d.query('get_lineup', { team: 'home' }, null);
    expect(Object.keys(answer)).toEqual(['team', 'players', 'bench']);
    expect(answer.team).toBe('home');
    expect(answer.players.map((p: { batting_order: number }) => p.batting_order)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(answer.players[0]).toEqual({
      lineup_id: 10, card_id: d.state.teams.home.roster[7], position: 'CF', batting_order: 1, is_active: true, is_starter: true,
    });
    expect(answer.bench).toEqual(d.state.teams.home.roster.slice(9).map((card_id) => ({ card_id })));
  });
});
