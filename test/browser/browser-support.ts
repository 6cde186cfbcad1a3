/**
 * Browser test fixtures: Debian's Chromium driven by playwright-core (never a downloaded
 * browser), players signed in as guests in their own browser contexts, and screenshots in
 * test-artifacts/. Without /usr/bin/chromium the suites are skipped with a message, except
 * with CI=true, where a missing browser is a failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { describe } from 'vitest';
import type { TestServer } from '../support/server.js';

export const CHROMIUM = '/usr/bin/chromium';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = path.join(root, 'test-artifacts');

const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) {
  if (process.env.CI === 'true') throw new Error(`CI=true and no browser at ${CHROMIUM}: install it with apt-get install -y chromium`);
  console.warn(`skipped: browser tests need Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
}
/** `describe` that is skipped (with the message above) when there is no Chromium. */
export const describeInBrowser = describe.skipIf(!hasChromium);

export function launch(): Promise<Browser> {
  if (!fs.existsSync(path.join(root, 'web', 'dist', 'app.js'))) throw new Error('web/dist/app.js is missing: run node scripts/build.mjs first');
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage });
}

export interface Player {
  name: string;
  id: string;
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors (a test ends by expecting none). */
  errors: string[];
  /** alert/confirm/prompt messages seen (they are dismissed). */
  dialogs: string[];
}

/** Opens the UI in a fresh context and signs in as a guest named `name`. */
export async function signIn(browser: Browser, server: TestServer, name: string, options: BrowserContextOptions = {}, screenshot?: string): Promise<Player> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(server.url);
  await page.waitForSelector('input[name=name]');
  if (screenshot) await shot(page, screenshot);
  await page.fill('input[name=name]', name);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-quick-match]');
  const id = await page.evaluate(() => (JSON.parse(localStorage.getItem('parlor.session') ?? '{}') as { user: { id: string } }).user.id);
  return { name, id, context, page, errors, dialogs };
}

/** Quick match from the lobby; resolves once the room page is open. */
export async function quickMatch(p: Player, gameType: string): Promise<string> {
  await p.page.click(`[data-quick-match="${gameType}"]`);
  await p.page.waitForURL(/#\/room\//);
  await p.page.waitForSelector('.room-head');
  return decodeURIComponent(new URL(p.page.url()).hash).replace(/^#\/room\//, '').split('?')[0]!;
}
