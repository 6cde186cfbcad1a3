/** Logs (SPEC §13): JSON lines with event, user_id, room_id and duration; never tokens, passwords or message texts. */
import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';
import { TestClient, guest, mint, sleep } from '../support/client.js';

const fx = useServer({ env: { LOG_LEVEL: 'trace' } });

describe('logs', () => {
  it('writes one JSON line per request with event, user_id, room_id and duration, and never a secret', async () => {
    const password = 'pw-Zq8vX3-secret';
    const text = 'message-text-Kp4w9-private';
    const g = await guest(fx.server, 'Logger');
    const a = await TestClient.connect(fx.server, g);
    const b = await TestClient.connect(fx.server, await mint(fx.server));
    fx.track(a, b);
    const { room } = await a.ok('create_room', { game_type: 'chat', password });
    await b.ok('join_room', { room_id: room.room_id, password });
    await b.err('join_room', { room_id: room.room_id, password: `${password}-wrong` }).catch(() => null);
    await a.ok('update_room', { room_id: room.room_id, password: `${password}-2` });
    await a.ok('send_message', { room_id: room.room_id, text });
    await a.ok('refresh_token', { token: (await mint(fx.server, { sub: a.id, name: a.name })).token });
    await fetch(`${fx.server.url}/api/rooms/${room.room_id}`, { headers: { authorization: `Bearer ${b.token}` } });
    await sleep(300);

    const lines = fx.server.output.split('\n').filter((l) => l.trim());
    const parsed = lines.map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        return { unparsable: l };
      }
    });
    expect(parsed.filter((p) => p.unparsable)).toEqual([]);
    const sent = parsed.find((p) => p.event === 'send_message');
    expect(sent).toMatchObject({ user_id: a.id, room_id: room.room_id, outcome: 'ok' });
    expect(typeof sent.duration_ms).toBe('number');
    expect(parsed.find((p) => p.event === 'create_room')).toMatchObject({ user_id: a.id, room_id: room.room_id });

    for (const secret of [password, text, a.token, b.token, g.token.split('.')[2]!]) expect(fx.server.output).not.toContain(secret);
  });
});
