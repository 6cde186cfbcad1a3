/**
 * The rest of the UI in Chromium: the dice baseball board (decisions, roll, outcome with
 * hit location, box score, substitutions) with a spectator, challenges (from a player
 * list and by id; decline and accept) into a score challenge, and nearby chat by browser
 * geolocation and by typed coordinates.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { TestServer } from '../support/server.js';
import { describeInBrowser, launch, quickMatch, shot, signIn, type Player } from './browser-support.js';

let server: TestServer;
let browser: Browser;
const players: Player[] = [];
const join = async (name: string, options = {}) => {
  const p = await signIn(browser, server, name, options);
  players.push(p);
  return p;
};

describeInBrowser('web UI in Chromium: boards, challenges, nearby', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    server = await TestServer.start({ env: { RATE_LIMIT_SCALE: '10' } });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('plays dice baseball: defense, roll, outcomes with hit location, box score, a substitution; a spectator watches', async () => {
    const away = await join('Abe');
    const home = await join('Hana');
    const roomId = await quickMatch(away, 'dice_baseball');
    await quickMatch(home, 'dice_baseball');
    for (const p of [away, home]) await p.page.waitForSelector('.linescore');
    await home.page.waitForSelector('.controls >> text=You are fielding');

    await home.page.selectOption('select[name=infield_depth]', 'double_play');
    await home.page.click('.controls button:has-text("Set defense")');
    await away.page.waitForSelector('.controls >> text=Defense has set up');

    const play = async (outcome: string, where?: string) => {
      // Both boards show every play before the next roll (counted on the fielding side,
      // which is not the page that acts, so a lagging page cannot skew the count).
      const entries = (p: Player) => p.page.locator('.play-log li:not(.empty-play)').count();
      const before = await entries(home);
      await away.page.click('button[data-action=roll]');
      await away.page.waitForSelector('select[name=outcome]');
      await home.page.waitForSelector('.dice .die >> nth=3');
      await away.page.selectOption('select[name=outcome]', outcome);
      if (where) await away.page.selectOption('select[name=hit_location]', where);
      if (outcome === 'flyball_b') await shot(away.page, 'baseball-outcome-entry', true);
      await away.page.click('button:has-text("Submit outcome")');
      for (const p of [home, away]) await expect.poll(() => entries(p)).toBe(before + 1);
    };
    await play('single');
    await expect.poll(() => home.page.locator('.base-first.on').count()).toBe(1);
    await play('flyball_b', 'CF');
    await play('double');
    expect(await away.page.locator('.out-dot.on').count()).toBe(1);
    await shot(away.page, 'baseball-away', true);

    await home.page.click('button[data-tab=box]');
    await home.page.waitForSelector('.baseball-tables th:has-text("RBI")');
    await shot(home.page, 'baseball-box-score', true);
    await home.page.click('button[data-tab=subs]');
    await home.page.selectOption('select[name=type]', 'defensive_replacement');
    await home.page.click('button:has-text("Make the change")');
    await home.page.click('button[data-tab=lineups]');
    await home.page.waitForSelector('.baseball-tables td:text-is("sub")');

    const fan = await join('Fan', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await fan.page.click(`[data-watch="${roomId}"]`);
    await fan.page.waitForSelector('.linescore');
    await fan.page.waitForSelector('.controls >> text=You are watching');
    expect(await fan.page.locator('button[data-action=roll]').count()).toBe(0);
    await shot(fan.page, 'baseball-spectator-phone');

    // A challenge from the room's player list, accepted from the toast.
    await away.page.click(`.player[data-user-id="${home.id}"] button:has-text("Challenge")`);
    await away.page.selectOption('dialog select[name=game_type]', 'tictactoe');
    await away.page.fill('dialog input[name=message]', 'Rematch at tic-tac-toe?');
    await shot(away.page, 'challenge-dialog');
    await away.page.click('dialog button:has-text("Send challenge")');
    await home.page.waitForSelector('.toast >> text=Rematch at tic-tac-toe?');
    await shot(home.page, 'challenge-received');
    await home.page.click('.toast button:has-text("Accept")');
    for (const p of [away, home]) await p.page.waitForSelector('.ttt-cell');
    expect(await home.page.textContent('.room-meta')).toContain('private');
  });

  it('sends a challenge by player id; the target declines one and accepts the next into a score challenge', async () => {
    const dora = await join('Dora');
    const eve = await join('Eve');
    const send = async () => {
      await dora.page.click('a[data-path="/challenges"]');
      await dora.page.fill('input[name=target_user_id]', eve.id);
      await dora.page.selectOption('select[name=game_type]', 'score_challenge');
      await dora.page.fill('input[name=duration_s]', '120');
      await dora.page.click('button:has-text("Send challenge")');
      await dora.page.waitForSelector('.challenge >> text=Score challenge');
    };
    await send();
    await eve.page.waitForSelector('.badge:text-is("1")');
    await eve.page.click('.toast button:has-text("Decline")');
    await dora.page.waitForSelector('.toast >> text=was declined');
    await send();
    await eve.page.click('a[data-path="/challenges"]');
    await eve.page.waitForSelector('[data-accept]');
    await shot(eve.page, 'challenges');
    await eve.page.click('[data-accept]');

    for (const p of [dora, eve]) await p.page.waitForSelector('.countdown');
    expect(await dora.page.textContent('.countdown')).toMatch(/^[12]:\d\d$/);
    await eve.page.fill('input[name=score]', '42');
    await eve.page.click('button:has-text("Report score")');
    await expect.poll(() => dora.page.textContent(`[data-score="${eve.id}"]`)).toBe('42');
    await shot(dora.page, 'score-challenge');
  });

  it('joins nearby chat by browser geolocation and by typed coordinates', async () => {
    const finn = await join('Finn', { geolocation: { latitude: 48.85837, longitude: 2.294481 }, permissions: ['geolocation'] });
    const gia = await join('Gia', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await finn.page.click('a[data-path="/nearby"]');
    await finn.page.click('button:has-text("Use my location")');
    await finn.page.waitForSelector('.chat-form');
    const cell = await finn.page.textContent('.nearby-chat h2');
    await gia.page.click('a[data-path="/nearby"]');
    await gia.page.fill('input[name=lat]', '48.8584');
    await gia.page.fill('input[name=lng]', '2.2945');
    await gia.page.click('button:has-text("Join this place")');
    await gia.page.waitForSelector('.chat-form');
    expect(await gia.page.textContent('.nearby-chat h2')).toBe(cell);
    await finn.page.waitForSelector('.chat-notice >> text=Gia is nearby');
    await gia.page.fill('.chat-form input[name=text]', 'Anyone up for a game by the tower?');
    await gia.page.press('.chat-form input[name=text]', 'Enter');
    await finn.page.waitForSelector('.msg-text >> text=by the tower');
    await shot(gia.page, 'nearby-phone');
    for (const p of players) expect(p.errors).toEqual([]);
  });
});
