/**
 * Baseline 2, the ceiling: the `ws` package and JSON, nothing else. It speaks just enough
 * of the Socket.IO wire format (open `0`, connect `40`, events `42`, acks `43`, a ping every
 * 10 s) for the loader to be byte-for-byte the same, keeps rooms in a Map of Sets, and
 * encodes each broadcast once. With REDIS_URL, broadcasts also go through one Redis
 * pub/sub channel to the other nodes (local sockets are served first, as adapters do).
 *
 * Env: PORT, JWT_SECRET, REDIS_URL (optional).
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { BaselineApp } from './baseline-app.mjs';
import { verifyToken } from '../lib/tokens.mjs';

const secret = process.env.JWT_SECRET ?? '';
const node = randomBytes(4).toString('hex');
const server = http.createServer();
const wss = new WebSocketServer({ server, path: '/socket.io/', perMessageDeflate: false, maxPayload: 64 * 1024 });
/** @type {Map<string, Set<import('ws').WebSocket>>} */
const members = new Map();

function deliver(room, frame) {
  const set = members.get(room);
  if (set) for (const ws of set) ws.send(frame, { binary: false });
}

let publish = null;
if (process.env.REDIS_URL) {
  const { Redis } = await import('ioredis');
  const pub = new Redis(process.env.REDIS_URL);
  const sub = new Redis(process.env.REDIS_URL);
  await sub.subscribe('bench:raw');
  sub.on('messageBuffer', (_channel, msg) => {
    // <node> <room>\n<frame>
    const nl = msg.indexOf(10);
    const head = msg.toString('latin1', 0, nl);
    const space = head.indexOf(' ');
    if (head.slice(0, space) === node) return;
    deliver(head.slice(space + 1), msg.subarray(nl + 1));
  });
  publish = (room, frame) => pub.publish('bench:raw', Buffer.concat([Buffer.from(`${node} ${room}\n`), frame]));
}

const app = new BaselineApp({
  join: (conn, room) => {
    let set = members.get(room);
    if (!set) members.set(room, (set = new Set()));
    set.add(conn.ws);
  },
  leave: (conn, room) => {
    const set = members.get(room);
    set?.delete(conn.ws);
    if (set?.size === 0) members.delete(room);
  },
  toRoom: (room, event, data) => {
    const frame = Buffer.from(`42${JSON.stringify([event, data])}`);
    deliver(room, frame);
    publish?.(room, frame);
  },
});

let sids = 0;
wss.on('connection', (ws) => {
  const conn = { ws, user: null, rooms: new Set() };
  ws.send(`0${JSON.stringify({ sid: `${node}${++sids}`, upgrades: [], pingInterval: 10_000, pingTimeout: 10_000, maxPayload: 64 * 1024 })}`);
  ws.on('message', (buf) => {
    if (buf[0] !== 0x34) return; // '3' pongs and anything else
    if (buf[1] === 0x30) {
      // 40{"token":…}
      const c = verifyToken(secret, JSON.parse(buf.toString('utf8', 2) || '{}').token);
      if (!c) return ws.send('44{"message":"AUTH_INVALID"}');
      conn.user = { id: c.sub, name: c.name ?? c.sub };
      ws.send(`40{"sid":"${node}${sids}"}`);
      ws.send(`42${JSON.stringify(['connected', { user_id: conn.user.id, name: conn.user.name, server_time: new Date().toISOString(), rooms: [] }])}`);
      return;
    }
    if (buf[1] !== 0x32 || !conn.user) return;
    let i = 2;
    let id = -1;
    if (buf[i] !== 0x5b) for (id = 0; buf[i] >= 0x30 && buf[i] <= 0x39; i++) id = id * 10 + (buf[i] - 0x30);
    let args;
    try {
      args = JSON.parse(buf.toString('utf8', i));
    } catch {
      return ws.close();
    }
    const reply = app.handle(conn, args[0], args[1]);
    if (id >= 0) ws.send(`43${id}${JSON.stringify([reply])}`);
  });
  ws.on('close', () => {
    for (const room of conn.rooms) app.fanout.leave(conn, room);
  });
});

setInterval(() => {
  for (const ws of wss.clients) ws.send('2');
}, 10_000).unref();

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
