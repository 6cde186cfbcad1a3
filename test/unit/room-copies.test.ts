/**
 * A node's copies of rooms (src/store/redis/room-copies.ts): newer revs win, closed rooms
 * and stale copies go, other nodes' entries update only copies held, and the count is capped.
 */
import { describe, expect, it } from 'vitest';
import { RoomCopies } from '../../src/store/redis/room-copies.js';

describe('RoomCopies', () => {
  it('keeps the highest rev seen, drops a closed room, and publishes what this node stored', () => {
    const published: Record<string, string>[] = [];
    const c = new RoomCopies();
    c.publish = (f) => published.push(f);
    c.seen('r', 2, '{"rev":2}');
    c.seen('r', 1, '{"rev":1}');
    expect(c.get('r')).toEqual({ rev: 2, json: '{"rev":2}' });
    c.stored('r', 3, '{"rev":3}');
    expect(c.get('r')?.rev).toBe(3);
    expect(published).toEqual([{ kind: 'room', id: 'r', rev: '3', json: '{"rev":3}' }]);
    c.stored('r', 4, ''); // closed
    expect(c.get('r')).toBeUndefined();
    expect(published[1]).toEqual({ kind: 'room', id: 'r', rev: '4', json: '' });
  });

  it("applies another node's entry only to a copy it holds, never an older one, and drops a copy known stale", () => {
    const c = new RoomCopies();
    c.heard({ kind: 'room', id: 'r', rev: '5', json: '{"rev":5}' });
    expect(c.get('r')).toBeUndefined();
    c.seen('r', 5, '{"rev":5}');
    c.heard({ kind: 'room', id: 'r', rev: '4', json: '{"rev":4}' });
    expect(c.get('r')?.rev).toBe(5);
    c.heard({ kind: 'room', id: 'r', rev: '6', json: '{"rev":6}' });
    expect(c.get('r')?.rev).toBe(6);
    c.heard({ kind: 'room', id: 'r', rev: 'x', json: '{}' });
    expect(c.get('r')?.rev).toBe(6);
    c.heard({ kind: 'room', id: 'r', rev: '7', json: '' });
    expect(c.get('r')).toBeUndefined();
    c.seen('q', 1, '{}');
    c.drop('q');
    expect(c.size).toBe(0);
  });

  it('holds at most its cap, dropping the least recently stored', () => {
    const c = new RoomCopies(3);
    for (const id of ['a', 'b', 'c']) c.seen(id, 1, '{}');
    c.seen('a', 2, '{}'); // stored again: now the newest
    c.seen('d', 1, '{}');
    expect(c.size).toBe(3);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')?.rev).toBe(2);
    c.clear();
    expect(c.size).toBe(0);
  });
});
