import { describe, expect, it } from 'vitest';
import { InFlight } from '../../src/core/in-flight.js';

const later = <T>(ms: number, value: T, fail = false) => new Promise<T>((resolve, reject) => setTimeout(() => (fail ? reject(new Error('no')) : resolve(value)), ms));

describe('InFlight', () => {
  it('is settled at once with nothing under way', async () => {
    const work = new InFlight();
    expect(await work.settled(0)).toBe(true);
  });

  it('answers the task itself, and counts it until it settles, fulfilled or rejected', async () => {
    const work = new InFlight();
    const ok = work.track(later(20, 'a'));
    const bad = work.track(later(40, 'b', true));
    expect(work.size).toBe(2);
    const t0 = Date.now();
    const settled = work.settled(2000);
    expect(await ok).toBe('a');
    await expect(bad).rejects.toThrow('no');
    expect(await settled).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(35);
    expect(work.size).toBe(0);
  });

  it('gives up after the timeout while work is still under way, and settles later waiters once it ends', async () => {
    const work = new InFlight();
    const slow = work.track(later(120, 'x'));
    expect(await work.settled(20)).toBe(false);
    expect(work.size).toBe(1);
    expect(await work.settled(2000)).toBe(true);
    expect(await slow).toBe('x');
  });
});
