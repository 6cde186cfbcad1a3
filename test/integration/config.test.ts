/**
 * Settings (SPEC §1): bad values stop the server with one line naming the variable; guest
 * login can be switched off; the dev secret is generated once into DATA_DIR; the token
 * command prints tokens the server accepts.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAIN, TestServer, freePort } from '../support/server.js';
import { TestClient, guest } from '../support/client.js';

const TOKEN_CLI = path.join(path.dirname(MAIN), 'token.js');
const servers: TestServer[] = [];
const clients: TestClient[] = [];
const tmpDirs: string[] = [];
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'parlor-cfg-'));
  tmpDirs.push(d);
  return d;
};

afterAll(async () => {
  for (const c of clients) c.close();
  for (const s of servers) await s.close();
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Runs a node script with a clean environment plus `env`; resolves when it exits (killed after 20 s). */
function run(script: string, env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR']) if (process.env[k]) base[k] = process.env[k]!;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { env: { ...base, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr });
    });
  });
}

async function expectRefusal(env: Record<string, string>, variable: string): Promise<void> {
  const r = await run(MAIN, { PORT: '0', DATA_DIR: tmpDir(), ...env });
  expect({ env, code: r.code }).toEqual({ env, code: expect.any(Number) });
  expect(r.code).not.toBe(0);
  const lines = r.stderr.trim().split('\n');
  expect({ env, lines }).toEqual({ env, lines: [expect.stringContaining(variable)] });
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

// each case starts a node process; on a busy machine that takes seconds
describe('settings validation', { timeout: 120_000 }, () => {
  it('stops with a one-line message naming a bad PORT', async () => {
    for (const PORT of ['abc', '70000', '1.5']) await expectRefusal({ PORT, JWT_SECRET: 'x'.repeat(32) }, 'PORT');
  });

  it('stops with a one-line message naming a bad RATE_LIMIT_SCALE', async () => {
    for (const RATE_LIMIT_SCALE of ['fast', '-1', 'Infinity']) await expectRefusal({ RATE_LIMIT_SCALE }, 'RATE_LIMIT_SCALE');
  });

  it('refuses NODE_ENV=production without JWT_SECRET or JWT_PUBLIC_KEY, naming them', async () => {
    await expectRefusal({ NODE_ENV: 'production' }, 'JWT_SECRET');
    await expectRefusal({ NODE_ENV: 'production', JWT_SECRET: 'short' }, 'JWT_SECRET');
  });

  it('names every other bad setting', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ ROOM_IDLE_TTL_S: '0' }, 'ROOM_IDLE_TTL_S'],
      [{ ROOM_EMPTY_TTL_S: 'soon' }, 'ROOM_EMPTY_TTL_S'],
      [{ RECONNECT_GRACE_S: '-5' }, 'RECONNECT_GRACE_S'],
      [{ RANDOM_START_DELAY_S: 'x' }, 'RANDOM_START_DELAY_S'],
      [{ CHALLENGE_TTL_S: '1e3' }, 'CHALLENGE_TTL_S'],
      [{ GUEST_LOGIN: 'maybe' }, 'GUEST_LOGIN'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ REDIS_URL: 'http://localhost' }, 'REDIS_URL'],
      [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
      [{ JWT_PUBLIC_KEY: 'not a pem' }, 'JWT_PUBLIC_KEY'],
      [{ HOST: 'no-such-host.invalid' }, 'HOST'],
    ];
    for (const [env, variable] of cases) await expectRefusal(env, variable);
  }, 90_000); // eleven server starts one after another (about 1 s each here; more on a loaded machine)

  it('names DATA_DIR when it is not a usable directory', async () => {
    const file = path.join(tmpDir(), 'a-file');
    fs.writeFileSync(file, 'x');
    await expectRefusal({ DATA_DIR: file }, 'DATA_DIR');
  });

  it('refuses a DATA_DIR another Parlor process is using, and takes it once that process was killed', async () => {
    const first = await TestServer.start();
    servers.push(first);
    await expectRefusal({ DATA_DIR: first.dataDir }, 'DATA_DIR');
    // kill -9 leaves no stale claim: the operating system drops a dead process's locks
    await first.restart('kill');
    expect((await fetch(`${first.url}/health`)).status).toBe(200);
  });

  it('names PORT when the port is already taken', async () => {
    const holder = net.createServer();
    const port = await freePort();
    await new Promise<void>((r) => holder.listen(port, '127.0.0.1', r));
    try {
      await expectRefusal({ PORT: String(port), HOST: '127.0.0.1' }, 'PORT');
    } finally {
      holder.close();
    }
  });
});

describe('guest login and secrets', { timeout: 60_000 }, () => {
  it('answers POST /auth/guest with 404 NOT_FOUND when GUEST_LOGIN=false', async () => {
    const server = await TestServer.start({ env: { GUEST_LOGIN: 'false' } });
    servers.push(server);
    const r = await fetch(`${server.url}/auth/guest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ann' }) });
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ success: false, error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });

  it('generates the dev secret once into DATA_DIR and keeps accepting its tokens after a restart', async () => {
    const server = await TestServer.start({ env: { JWT_SECRET: undefined } });
    servers.push(server);
    const file = fs.readdirSync(server.dataDir).filter((f) => !f.startsWith('parlor.sqlite'));
    expect(file.length).toBeGreaterThanOrEqual(1);
    const secretFile = path.join(server.dataDir, file.find((f) => /secret/i.test(f)) ?? file[0]!);
    const secret = fs.readFileSync(secretFile, 'utf8');
    expect(secret.trim().length).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(secretFile).mode & 0o077).toBe(0); // not readable by others

    const who = await guest(server, 'Dev');
    const c1 = await TestClient.connect(server, who);
    clients.push(c1);
    c1.close();
    await server.restart();
    expect(fs.readFileSync(secretFile, 'utf8')).toBe(secret);
    const c2 = await TestClient.connect(server, who);
    clients.push(c2);
    expect(c2.connected).toMatchObject({ user_id: who.id, name: 'Dev' });

    // a second server on another DATA_DIR has its own secret and refuses this token
    const other = await TestServer.start({ env: { JWT_SECRET: undefined } });
    servers.push(other);
    await expect(TestClient.connect(other, who)).rejects.toThrow('AUTH_INVALID');
  });

  it('prints a token with the given name, roles and ttl that the server accepts (JWT_SECRET)', async () => {
    const server = await TestServer.start({ env: { RATE_LIMIT_SCALE: '100' } });
    servers.push(server);
    const r = await run(TOKEN_CLI, { JWT_SECRET: server.secret }, ['--name', 'T', '--roles', 'admin,host', '--ttl', '1h']);
    expect(r.code).toBe(0);
    const token = r.stdout.trim();
    expect(token.split('.')).toHaveLength(3);
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(3600);
    const c = await TestClient.connect(server, { token, id: claims.sub, name: 'T' });
    clients.push(c);
    expect(c.connected).toMatchObject({ user_id: claims.sub, name: 'T', roles: ['admin', 'host'] });
    expect(Array.isArray((await c.ok('list_rooms')).rooms)).toBe(true);
  });

  it('prints a token signed with the dev secret of DATA_DIR when no JWT_SECRET is set', async () => {
    const server = await TestServer.start({ env: { JWT_SECRET: undefined } });
    servers.push(server);
    const r = await run(TOKEN_CLI, { DATA_DIR: server.dataDir }, ['--name', 'Teacher', '--roles', 'host']);
    expect(r.code).toBe(0);
    const token = r.stdout.trim();
    const c = await TestClient.connect(server, { token, id: 'x', name: 'Teacher' });
    clients.push(c);
    expect(c.connected).toMatchObject({ name: 'Teacher', roles: ['host'] });
  });

  it('refuses bad token command arguments with a usage message', async () => {
    for (const args of [[], ['--name'], ['--name', 'T', '--ttl', 'forever'], ['--name', 'T', '--colour', 'red'], ['--name', 'x'.repeat(33)]]) {
      const r = await run(TOKEN_CLI, { JWT_SECRET: 'y'.repeat(32) }, args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/usage/);
    }
  });
});
