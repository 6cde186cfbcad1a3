/** Many SioClients of one workload: connecting them gently, spreading source addresses. */
import { SioClient } from './sio-client.mjs';
import { signToken } from './tokens.mjs';
import { pool } from './stats.mjs';

/** Source addresses 127.0.k.1: Linux routes all of 127/8 to loopback; 100 clients per address. */
export function sourceAddress(i) {
  return `127.0.${1 + (Math.floor(i / 100) % 250)}.1`;
}

/**
 * Connects `n` clients (user `${prefix}${i}`), client i to urls[i % urls.length].
 * @returns {Promise<SioClient[]>}
 */
export async function connectFleet({ urls, secret, n, prefix, onEvent, concurrency = 64 }) {
  const clients = new Array(n);
  await pool(n, concurrency, async (i) => {
    const token = signToken(secret, `${prefix}${i}`, `${prefix}${i}`);
    const c = new SioClient(urls[i % urls.length], { token, localAddress: sourceAddress(i), onEvent });
    c.index = i;
    c.userId = `${prefix}${i}`;
    for (let attempt = 1; ; attempt++) {
      try {
        await c.connect();
        break;
      } catch (e) {
        if (attempt >= 3) throw new Error(`client ${i}: ${e.message}`);
      }
    }
    clients[i] = c;
  });
  return clients;
}

export function closeFleet(clients) {
  for (const c of clients) c?.close();
}

/** Throws unless a request's reply is `{success:true}`. */
export function expectOk(reply, what) {
  if (!reply?.success) throw new Error(`${what}: ${JSON.stringify(reply?.error ?? reply)}`);
  return reply.data;
}
