/**
 * deploy/nginx.conf in front of two cluster nodes: one client works through the load
 * balancer (WebSocket upgrade, HTTP API) and another, connected directly to a node, sees it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, freePort } from '../support/server.js';
import { TestClient, mint, sleep } from '../support/client.js';
import { clusterResources, clusterUnavailable, startNodes, type ClusterResources } from '../support/cluster.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const NGINX = '/usr/sbin/nginx';
const clusterSkip = await clusterUnavailable();
const nginxMissing = !fs.existsSync(NGINX);
if (nginxMissing) {
  if (process.env.CI === 'true') throw new Error(`no nginx at ${NGINX} (CI=true: .ci/run installs nginx-light)`);
  console.log(`skipped: no nginx at ${NGINX} (apt-get install nginx-light)`);
}

describe.skipIf(clusterSkip !== null || nginxMissing)('nginx load balancer in front of two nodes', () => {
  let res: ClusterResources;
  let nodes: TestServer[] = [];
  let nginx: ChildProcess;
  let lb = '';
  let prefix = '';
  const clients: TestClient[] = [];

  beforeAll(async () => {
    res = await clusterResources();
    nodes = await startNodes(res, 2, { TRUST_PROXY: 'true' });
    const port = await freePort();
    prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'parlor-nginx-'));
    const conf = fs
      .readFileSync(path.join(here, '..', '..', 'deploy', 'nginx.conf'), 'utf8')
      .replaceAll('__PREFIX__', prefix)
      .replace('__PORT__', String(port))
      .replace('__UPSTREAMS__', nodes.map((n) => `    server 127.0.0.1:${n.port};`).join('\n'));
    fs.writeFileSync(path.join(prefix, 'nginx.conf'), conf);
    const check = spawnSync(NGINX, ['-t', '-p', prefix, '-c', path.join(prefix, 'nginx.conf')], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`nginx -t failed: ${check.stderr}`);
    nginx = spawn(NGINX, ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
    lb = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${lb}/health`)).ok) return;
      } catch {
        /* starting */
      }
      await sleep(50);
    }
    throw new Error('nginx did not come up');
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    nginx?.kill('SIGTERM');
    await Promise.all(nodes.map((n) => n.close()));
    await res?.teardown();
    if (prefix) fs.rmSync(prefix, { recursive: true, force: true });
  });

  it('serves HTTP and Socket.IO through the balancer as one world with the nodes behind it', async () => {
    expect(await (await fetch(`${lb}/health`)).json()).toEqual({ status: 'ok' });
    expect((await (await fetch(`${lb}/api/stats`)).json()).nodes).toBe(2);
    const ua = await mint(nodes[0]!, { name: 'ViaLB' });
    const ub = await mint(nodes[0]!, { name: 'Direct' });
    const a = await TestClient.connect(lb, ua);
    const b = await TestClient.connect(nodes[1]!, ub);
    clients.push(a, b);
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await b.ok('join_room', { room_id: room.room_id });
    await b.ok('send_message', { room_id: room.room_id, text: 'through nginx?' });
    expect((await a.waitFor('new_message', (m) => m.message.text === 'through nginx?')).message.user_id).toBe(ub.id);
    const listed = await (await fetch(`${lb}/api/rooms/${room.room_id}`)).json();
    expect(listed.room.players.map((p: any) => p.user_id).sort()).toEqual([ua.id, ub.id].sort());
  });
});
