/**
 * /admin with a host+admin token: stats, rooms, and the CHSH dashboard updating live while
 * two browser contexts play CHSH; a third watches as a spectator.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TestServer } from '../support/server.js';
import { mint } from '../support/client.js';
import { describeInBrowser, launch, quickMatch, shot, signIn, type Player } from './browser-support.js';

let server: TestServer;
let browser: Browser;

describeInBrowser('web UI in Chromium: /admin and CHSH', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    server = await TestServer.start({ env: { RATE_LIMIT_SCALE: '10' } });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the CHSH dashboard updating while two players play, and rooms and stats', async () => {
    const { token } = await mint(server, { name: 'Teacher', roles: ['admin', 'host'] });
    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const admin: Page = await adminContext.newPage();
    const adminErrors: string[] = [];
    admin.on('pageerror', (e) => adminErrors.push(e.message));
    await admin.goto(`${server.url}/admin`);
    await admin.waitForSelector('textarea[name=token]');
    await shot(admin, 'admin-sign-in');
    await admin.fill('textarea[name=token]', token);
    await admin.click('button[type=submit]');
    await admin.waitForSelector('[data-stat=users_online]');

    const alice = await signIn(browser, server, 'Alice');
    const bob = await signIn(browser, server, 'Bob');
    const roomId = await quickMatch(alice, 'chsh');
    await quickMatch(bob, 'chsh');
    for (const p of [alice, bob]) await p.page.waitForSelector('.q-letter');
    expect(await alice.page.textContent('.chsh-question')).toMatch(/[AB]$/);
    expect(await bob.page.textContent('.chsh-question')).toMatch(/[XY]$/);

    const answer = async (p: Player, value: boolean) => p.page.click(`button[data-answer="${value}"]:not([disabled])`);
    const rounds = admin.locator(`[data-rounds="${roomId}"]`);
    for (let round = 1; round <= 4; round++) {
      await answer(alice, round % 2 === 0);
      await alice.page.waitForSelector('.chsh-play >> text=Waiting for your partner');
      await answer(bob, round % 2 === 0);
      // The dashboard follows every completed round (at most 2 updates a second).
      await expect.poll(() => rounds.textContent(), { timeout: 5000 }).toBe(String(round));
      await alice.page.waitForSelector(`.history li:nth-child(${round})`);
    }
    await shot(alice.page, 'chsh-player', true);
    const watcher = await signIn(browser, server, 'Carol');
    await watcher.page.click(`[data-watch="${roomId}"]`);
    await watcher.page.waitForSelector('.chsh-stats');
    expect(await watcher.page.textContent('.chsh-play')).toContain('You are watching');
    expect(await watcher.page.locator('.q-letter').isVisible()).toBe(false);
    await shot(watcher.page, 'chsh-spectator');

    const row = admin.locator(`tr[data-team="${roomId}"]`);
    expect(await row.textContent()).toMatch(/\d+%/);
    await expect.poll(() => admin.textContent('[data-stat=users_online]'), { timeout: 5000 }).toBe('4');
    await admin.waitForSelector(`#chsh >> text=updated`);
    await admin.locator(`[data-room-id="${roomId}"]`).waitFor({ timeout: 8000 });
    await shot(admin, 'admin-dashboard', true);
    expect(adminErrors).toEqual([]);
    expect([...alice.errors, ...bob.errors, ...watcher.errors]).toEqual([]);
  });

  it('refuses a token without the admin or host role', async () => {
    const { token } = await mint(server, { name: 'Student' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/admin`);
    await page.fill('textarea[name=token]', token);
    await page.click('button[type=submit]');
    await page.waitForSelector('.form-error >> text=no admin or host role');
    await page.fill('textarea[name=token]', 'not-a-token');
    await page.click('button[type=submit]');
    await page.waitForSelector('.form-error >> text=That token is not valid');
    await context.close();
  });
});
