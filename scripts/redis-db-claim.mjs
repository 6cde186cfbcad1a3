/**
 * Claims a Redis database number (1–15) for one test suite or bench run: suites run in
 * parallel, and a bench may run beside them; two users of one database would count each
 * other's nodes and flush each other's keys. The claim is a key in database 0
 * (`parlor-test:db:<n>`) that expires on its own if its owner dies. Shared by
 * test/support/cluster.ts and bench/lib/cluster-resources.mjs.
 *
 * `emptyOnly`: skip databases that hold keys (the bench does not flush what someone else
 * may be using outside the claims, a developer's own server say).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export async function claimRedisDb(hostPort, { emptyOnly = false, waitMs = 20_000 } = {}) {
  const claims = new Redis(`redis://${hostPort}/0`, { maxRetriesPerRequest: 1 });
  const probe = emptyOnly ? new Redis(`redis://${hostPort}/0`, { maxRetriesPerRequest: 1 }) : null;
  const close = () => (claims.disconnect(), probe?.disconnect());
  const owner = `${process.pid}:${randomBytes(4).toString('hex')}`;
  const start = randomBytes(1)[0] % 15;
  const until = Date.now() + waitMs;
  try {
    do {
      for (let i = 0; i < 15; i++) {
        const db = 1 + ((start + i) % 15);
        if ((await claims.set(`parlor-test:db:${db}`, owner, 'EX', 1800, 'NX')) !== 'OK') continue;
        if (probe) {
          await probe.select(db);
          if ((await probe.dbsize()) > 0) {
            await claims.del(`parlor-test:db:${db}`);
            continue;
          }
        }
        probe?.disconnect();
        return {
          db,
          async release() {
            if ((await claims.get(`parlor-test:db:${db}`)) === owner) await claims.del(`parlor-test:db:${db}`);
            claims.disconnect();
          },
        };
      }
      await new Promise((r) => setTimeout(r, 200));
    } while (Date.now() < until);
  } catch (e) {
    close();
    throw e;
  }
  close();
  throw new Error(`no free${emptyOnly ? ', empty' : ''} Redis database among 1–15 for ${waitMs / 1000} s`);
}
