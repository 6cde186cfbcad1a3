import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/core/group-commit.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('writes the adds of one event-loop turn in one batch, and answers each in order', async () => {
    const batches: number[][] = [];
    const gc = new GroupCommit(async (items: number[]) => (batches.push(items), items.map((i) => i * 10)));
    const out = await Promise.all([1, 2, 3].map((i) => gc.add(i)));
    expect(out).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('settles a caller only after its batch has been written', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const gc = new GroupCommit(async (items: string[]) => (await gate, items));
    let settled = false;
    const p = gc.add('a').then(() => (settled = true));
    await tick();
    await tick();
    expect(settled).toBe(false);
    release();
    await p;
    expect(settled).toBe(true);
  });

  it('collects the adds made while a batch is being written into the next one', async () => {
    const batches: string[][] = [];
    let release!: () => void;
    let gate = new Promise<void>((r) => (release = r));
    const gc = new GroupCommit(async (items: string[]) => {
      batches.push(items);
      await gate;
      return items;
    });
    const first = gc.add('a');
    await tick();
    const later = [gc.add('b'), gc.add('c')];
    const open = release;
    gate = Promise.resolve();
    open();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([['a'], ['b', 'c']]);
  });

  it('fails only the bad item of a failed batch: the others are written one by one', async () => {
    const gc = new GroupCommit(async (items: number[]) => {
      if (items.includes(2)) throw new Error('bad row');
      return items;
    });
    const results = await Promise.allSettled([1, 2, 3].map((i) => gc.add(i)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('with a concurrency of 2, writes a second batch while the first is on its way, and a third waits for a slot', async () => {
    const gates: (() => void)[] = [];
    const batches: string[][] = [];
    const gc = new GroupCommit(
      async (items: string[]) => {
        batches.push(items);
        await new Promise<void>((r) => gates.push(r));
        return items;
      },
      512,
      2,
    );
    const a = gc.add('a');
    await tick();
    const b = gc.add('b');
    await tick();
    const c = gc.add('c');
    await tick();
    expect(batches).toEqual([['a'], ['b']]); // two in flight, c waits
    gates[1]!(); // the second finishes first
    await b;
    await tick();
    expect(batches).toEqual([['a'], ['b'], ['c']]);
    gates[0]!();
    gates[2]!();
    await Promise.all([a, c]);
  });

  it('with keys, never has two batches of one key on their way: its writes land in order while other keys go ahead', async () => {
    const gates: (() => void)[] = [];
    const batches: string[][] = [];
    const landed: string[] = [];
    const gc = new GroupCommit(
      async (items: string[]) => {
        batches.push(items);
        await new Promise<void>((r) => gates.push(r));
        landed.push(...items);
        return items;
      },
      512,
      3,
      (item) => item.split(':')[0]!, // 'key:step'
    );
    const first = gc.add('t:1');
    await tick();
    const more = [gc.add('t:2'), gc.add('u:1'), gc.add('t:3')];
    await tick();
    // t is on its way: t:2 and t:3 wait for it; u:1 goes ahead in a batch of its own
    expect(batches).toEqual([['t:1'], ['u:1']]);
    gates[1]!(); // the u batch lands first
    await more[1];
    await tick();
    expect(batches).toEqual([['t:1'], ['u:1']]);
    gates[0]!(); // t:1 lands: t:2 and t:3 follow together, in order
    await first;
    await tick();
    expect(batches).toEqual([['t:1'], ['u:1'], ['t:2', 't:3']]);
    gates[2]!();
    await Promise.all(more);
    expect(landed).toEqual(['u:1', 't:1', 't:2', 't:3']);
  });
});
