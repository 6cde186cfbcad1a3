/**
 * src/core/turn-cork.ts: a turn's flushes run once at its end, before the sockets corked in
 * the turn are uncorked (what a flush writes leaves with them); a flush queued by a flush
 * runs at the end of the next turn.
 */
import { describe, expect, it } from 'vitest';
import { corkForTurn, flushAtTurnEnd } from '../../src/core/turn-cork.js';

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

describe('turn cork', () => {
  it('runs a flush at the end of the turn, before the corked sockets are uncorked', async () => {
    const seen: string[] = [];
    const socket = { cork: () => seen.push('cork'), uncork: () => seen.push('uncork') };
    corkForTurn(socket);
    corkForTurn(socket);
    flushAtTurnEnd(() => seen.push('flush'));
    seen.push('turn');
    expect(seen).toEqual(['cork', 'turn']);
    await nextTurn();
    expect(seen).toEqual(['cork', 'turn', 'flush', 'uncork']);
  });

  it('runs a flush queued by a flush at the end of the next turn, and flushes alone (no socket held)', async () => {
    const seen: string[] = [];
    flushAtTurnEnd(() => {
      seen.push('first');
      flushAtTurnEnd(() => seen.push('second'));
    });
    await nextTurn();
    expect(seen).toEqual(['first']);
    await nextTurn();
    expect(seen).toEqual(['first', 'second']);
  });
});
