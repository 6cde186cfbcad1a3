/**
 * The last step of every packet (src/transport/direct-write.ts): WebSocket clients get
 * whole frames written directly, long-polling clients Socket.IO's own path, and every
 * client sees pushes and replies complete and in the order the server made them.
 */
import { describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { useServer } from '../support/fixture.js';
import { mint, nextIp } from '../support/client.js';

const fx = useServer();

/** A raw socket.io-client on the given transports, with every new_message kept. */
async function rawMember(transports: string[], roomId: string): Promise<{ sock: Socket; ids: string[]; texts: string[] }> {
  const who = await mint(fx.server);
  const sock = io(fx.server.url, { transports, auth: { token: who.token }, forceNew: true, reconnection: false, localAddress: nextIp() } as any);
  const seen = { sock, ids: [] as string[], texts: [] as string[] };
  sock.on('new_message', (d: { message: { id: string; text: string } }) => {
    seen.ids.push(d.message.id);
    seen.texts.push(d.message.text);
  });
  await new Promise<void>((resolve, reject) => {
    sock.once('connected', () => resolve());
    sock.once('connect_error', reject);
  });
  const reply = await sock.timeout(5000).emitWithAck('join_room', { room_id: roomId });
  expect(reply.success).toBe(true);
  return seen;
}

const until = async (cond: () => boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('delivery', () => {
  it('gives WebSocket, long-polling and upgrading members every broadcast and reply of a burst, in order', async () => {
    const a = await fx.user({ name: 'Ann' });
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    const ws = await rawMember(['websocket'], room.room_id);
    const polling = await rawMember(['polling'], room.room_id);
    const upgrading = await rawMember(['polling', 'websocket'], room.room_id);
    try {
      // 150 sends without waiting for replies: replies, the sender's own copies and the
      // others' copies interleave on every connection
      const N = 150;
      const replies = await Promise.all(Array.from({ length: N }, (_, i) => a.request('send_message', { room_id: room.room_id, text: `m${i}` }, 10_000)));
      expect(replies.every((r) => r.success)).toBe(true);
      const sentIds = replies.map((r) => r.data.message.id as string);
      for (const m of [ws, polling, upgrading]) {
        await until(() => m.ids.length >= N);
        expect(m.ids).toEqual(sentIds);
        expect(m.texts).toEqual(Array.from({ length: N }, (_, i) => `m${i}`));
      }
      const own = a.events('new_message').map((d) => d.message.id);
      expect(own).toEqual(sentIds);
      // Socket.IO numbers replies in request order: the k-th reply answers the k-th send
      expect(replies.map((r) => r.data.message.text)).toEqual(Array.from({ length: N }, (_, i) => `m${i}`));
    } finally {
      for (const m of [ws, polling, upgrading]) m.sock.close();
    }
  });

  it('delivers a push whose frame needs a 16-bit length (a long message to a long-polling and a WebSocket member)', async () => {
    const a = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    const ws = await rawMember(['websocket'], room.room_id);
    const polling = await rawMember(['polling'], room.room_id);
    try {
      const text = 'é'.repeat(1000); // 2000 bytes of UTF-8
      await a.ok('send_message', { room_id: room.room_id, text });
      for (const m of [ws, polling]) {
        await until(() => m.texts.length === 1);
        expect(m.texts[0]).toBe(text);
      }
    } finally {
      ws.sock.close();
      polling.sock.close();
    }
  });

  it('answers each request once with its own ack, over WebSocket, long-polling and an upgrading connection, the reply JSON intact', async () => {
    const a = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    const members = [await rawMember(['websocket'], room.room_id), await rawMember(['polling'], room.room_id), await rawMember(['polling', 'websocket'], room.room_id)];
    try {
      for (const m of members) {
        // quotes, a backslash, a line break, non-ASCII and a character outside the BMP survive the hand-written ack
        const texts = Array.from({ length: 20 }, (_, i) => `"q${i}" \\ line\nbreak é 🎲 ${m.sock.io.engine.transport.name}`);
        const replies = await Promise.all(texts.map((text) => m.sock.timeout(5000).emitWithAck('send_message', { room_id: room.room_id, text })));
        expect(replies.map((r) => r.success)).toEqual(texts.map(() => true));
        expect(replies.map((r) => r.data.message.text)).toEqual(texts);
        // an error reply takes the same path
        const bad = await m.sock.timeout(5000).emitWithAck('send_message', { room_id: room.room_id, text: '' });
        expect(bad).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
      }
    } finally {
      for (const m of members) m.sock.close();
    }
  });
});
