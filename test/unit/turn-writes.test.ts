/**
 * src/store/redis/turn-writes.ts: the writes of one event-loop turn leave a socket in one
 * system call, in order, and nothing waits past the turn (a write of a later turn goes out
 * by itself).
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { corkPerTurn } from '../../src/store/redis/turn-writes.js';

let server: net.Server | null = null;
let open: net.Socket | null = null;

async function pair(): Promise<{ client: net.Socket; chunks: string[]; received: (n: number) => Promise<void> }> {
  const chunks: string[] = [];
  let total = 0;
  let waiter: { n: number; resolve: () => void } | null = null;
  server = net.createServer((s) => {
    s.setEncoding('utf8');
    s.on('data', (d: string) => {
      chunks.push(d);
      total += d.length;
      if (waiter && total >= waiter.n) waiter.resolve();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect(port, '127.0.0.1');
  open = client;
  await new Promise((resolve) => client.once('connect', resolve));
  client.setNoDelay(true);
  const received = (n: number) => (total >= n ? Promise.resolve() : new Promise<void>((resolve) => (waiter = { n, resolve })));
  return { client, chunks, received };
}

afterEach(async () => {
  open?.destroy(); // also after a failed expectation (server.close waits for open connections)
  open = null;
  await new Promise((resolve) => server?.close(resolve));
  server = null;
});

/** Counts the write system calls made on `socket` from now on (its handle's writev and string writes). */
function countWrites(socket: net.Socket): () => number {
  let n = 0;
  const handle = (socket as unknown as { _handle: { writev: unknown; writeUtf8String: unknown } })._handle;
  for (const m of ['writev', 'writeUtf8String'] as const) {
    const orig = handle[m] as (...a: unknown[]) => unknown;
    handle[m] = (...a: unknown[]) => {
      n++;
      return orig.apply(handle, a);
    };
  }
  return () => n;
}

describe('one socket write per event-loop turn', () => {
  it('sends the writes of one turn together, in order', async () => {
    const { client, chunks, received } = await pair();
    corkPerTurn(client);
    const syscalls = countWrites(client);
    const parts = Array.from({ length: 20 }, (_, i) => `cmd${i};`);
    for (const p of parts) client.write(p);
    expect(syscalls()).toBe(0); // nothing left during the turn
    await received(parts.join('').length);
    expect(syscalls()).toBe(1);
    expect(chunks.join('')).toBe(parts.join(''));
    client.destroy();
  });

  it('writes of separate callbacks in one turn (two immediates, each with its microtasks) share the call', async () => {
    const { client, chunks, received } = await pair();
    corkPerTurn(client);
    const syscalls = countWrites(client);
    // two immediates queued together run in one check phase, each callback's microtasks
    // before the next (two timers would not do: each reads the clock, and may fall due a
    // turn later than the other)
    await new Promise<void>((resolve) => {
      setImmediate(() => void Promise.resolve().then(() => client.write('a;')));
      setImmediate(() => {
        client.write('b;');
        resolve();
      });
    });
    await received(4);
    expect(chunks.join('')).toBe('a;b;');
    expect(syscalls()).toBe(1);
    client.destroy();
  });

  it('does not hold a write past its turn', async () => {
    const { client, chunks, received } = await pair();
    corkPerTurn(client);
    client.write('first;');
    await received(6); // arrives without any later write to push it out
    await new Promise((resolve) => setImmediate(resolve));
    client.write('second;');
    await received(13);
    expect(chunks.join('')).toBe('first;second;');
    client.destroy();
  });
});
