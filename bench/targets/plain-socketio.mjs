/**
 * Baseline 1: a plain Socket.IO server doing the bench's job (rooms, a broadcast per chat
 * message, a trivially validated tictactoe move) the way one usually writes it — handlers
 * on the socket, `io.to(room).emit`, state in memory, no durability, no rate limits, no
 * logs. Same Socket.IO options as Parlor. With REDIS_URL, the same Redis Streams adapter
 * Parlor uses in cluster mode.
 *
 * Env: PORT, JWT_SECRET (tokens are checked with HMAC-SHA256), REDIS_URL (optional).
 */
import http from 'node:http';
import { Server } from 'socket.io';
import { BaselineApp } from './baseline-app.mjs';
import { verifyToken } from '../lib/tokens.mjs';

const secret = process.env.JWT_SECRET ?? '';
const server = http.createServer();
const io = new Server(server, { path: '/socket.io', maxHttpBufferSize: 64 * 1024, pingInterval: 10_000, pingTimeout: 10_000 });

if (process.env.REDIS_URL) {
  const { Redis } = await import('ioredis');
  const { createAdapter } = await import('@socket.io/redis-streams-adapter');
  io.adapter(createAdapter(new Redis(process.env.REDIS_URL), { streamName: 'bench:plain', onlyPlaintext: true }));
}

const app = new BaselineApp({
  join: (conn, room) => conn.socket.join(room),
  leave: (conn, room) => conn.socket.leave(room),
  toRoom: (room, event, data) => io.to(room).emit(event, data),
});

io.use((socket, next) => {
  const c = verifyToken(secret, socket.handshake.auth?.token);
  if (!c) return next(new Error('AUTH_INVALID'));
  socket.data.user = { id: c.sub, name: c.name ?? c.sub };
  next();
});

io.on('connection', (socket) => {
  const conn = { socket, user: socket.data.user, rooms: new Set() };
  socket.onAny((event, data, ack) => {
    const reply = app.handle(conn, event, data);
    if (typeof ack === 'function') ack(reply);
  });
  socket.emit('connected', { user_id: conn.user.id, name: conn.user.name, server_time: new Date().toISOString(), rooms: [] });
});

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
