/**
 * Two people in two browser contexts: sign in, quick-match tictactoe, play to a win, chat
 * (a script-injection attempt shows as text), and one of them drops offline and comes back
 * to a current board.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { TestServer } from '../support/server.js';
import { describeInBrowser, launch, quickMatch, shot, signIn, type Player } from './browser-support.js';

let server: TestServer;
let browser: Browser;
let ann: Player;
let bob: Player;

/** Clicks a free cell on `p`'s board and waits until `other` sees the mark. */
async function mark(p: Player, other: Player, cell: number, as: 'X' | 'O'): Promise<void> {
  await p.page.click(`.ttt-cell[data-cell="${cell}"]:not([disabled])`);
  await other.page.waitForSelector(`.ttt-cell[data-cell="${cell}"][data-mark="${as}"]`);
}

describeInBrowser('web UI in Chromium: tictactoe, chat, offline', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    // Every context connects from 127.0.0.1: the per-IP connection limit is for real users.
    server = await TestServer.start({ env: { RATE_LIMIT_SCALE: '10' } });
    browser = await launch();
    ann = await signIn(browser, server, 'Ann', {}, 'sign-in');
    bob = await signIn(browser, server, 'Bob', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('two players quick-match tictactoe, play to a win and both see the result', async () => {
    await shot(ann.page, 'lobby');
    await shot(bob.page, 'lobby-phone');
    const roomId = await quickMatch(ann, 'tictactoe');
    await ann.page.waitForSelector('.board-notice >> text=Waiting for 1 more player');
    await shot(ann.page, 'room-waiting');
    expect(await quickMatch(bob, 'tictactoe')).toBe(roomId);
    await ann.page.waitForSelector('.turn-line >> text=Your turn');
    await bob.page.waitForSelector('.turn-line >> text=Waiting for Ann');
    expect(await bob.page.locator('.ttt-cell:not([disabled])').count()).toBe(0);

    await mark(ann, bob, 0, 'X');
    await mark(bob, ann, 3, 'O');
    await mark(ann, bob, 1, 'X');
    await mark(bob, ann, 4, 'O');
    await shot(ann.page, 'tictactoe-midgame');
    await shot(bob.page, 'tictactoe-phone');
    await ann.page.click('.ttt-cell[data-cell="2"]');

    await expect.poll(() => ann.page.textContent('.result-text')).toBe('You won!');
    await expect.poll(() => bob.page.textContent('.result-text')).toBe('Ann won.');
    expect(await ann.page.locator('.ttt-cell.win').count()).toBe(3);
    expect(await ann.page.textContent('.status')).toBe('finished');
    await shot(ann.page, 'tictactoe-won');
    await shot(bob.page, 'tictactoe-lost-phone');
  });

  it('chats between them; a script-injection message renders literally and fires nothing', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    await ann.page.fill('.chat-form input[name=text]', evil);
    await ann.page.press('.chat-form input[name=text]', 'Enter');
    const seen = bob.page.locator('.msg-text', { hasText: 'onerror' });
    await seen.waitFor();
    expect(await seen.textContent()).toBe(evil);
    await bob.page.fill('.chat-form input[name=text]', 'Nice try, Ann');
    await bob.page.click('.chat-form button[type=submit]');
    await ann.page.locator('.msg-text', { hasText: 'Nice try, Ann' }).waitFor();
    expect(await ann.page.locator('.msg.mine .msg-text').textContent()).toBe(evil);
    await ann.page.waitForTimeout(300); // an onerror handler would have run by now
    for (const p of [ann, bob]) {
      expect(await p.page.locator('.chat-list img').count()).toBe(0);
      expect(p.dialogs).toEqual([]);
    }
    await shot(ann.page, 'chat');
  });

  it('one player goes offline and back: the banner shows, and the board is current again', async () => {
    // A new game from the result banner's "Play again".
    await ann.page.click('.board-notice >> text=Play again');
    await ann.page.waitForSelector('.board-notice >> text=Waiting for 1 more player');
    await bob.page.click('.board-notice >> text=Play again');
    await ann.page.waitForSelector('.turn-line >> text=Your turn');
    await mark(ann, bob, 4, 'X');

    await ann.context.setOffline(true);
    await ann.page.waitForSelector('.banner >> text=offline');
    await shot(ann.page, 'offline-banner');
    await bob.page.click('.ttt-cell[data-cell="0"]:not([disabled])');
    await bob.page.waitForSelector('.turn-line >> text=Waiting for Ann');
    await ann.page.waitForTimeout(500);
    expect(await ann.page.getAttribute('.ttt-cell[data-cell="0"]', 'data-mark')).toBe('');

    await ann.context.setOffline(false);
    await ann.page.waitForSelector('.ttt-cell[data-cell="0"][data-mark="O"]', { timeout: 20_000 });
    await ann.page.waitForSelector('.banner', { state: 'hidden', timeout: 10_000 });
    await ann.page.waitForSelector('.turn-line >> text=Your turn');
    await shot(ann.page, 'back-online');
    // And play goes on from the synced board.
    await mark(ann, bob, 8, 'X');
    expect(ann.errors).toEqual([]);
    expect(bob.errors).toEqual([]);
  });
});
