/** SDK clients for tests: a ParlorClient on its own loopback address (so per-IP limits stay out of the way). */
import { ParlorClient, type ParlorClientOptions } from '../../src/client/index.js';
import { guest, nextIp } from '../support/client.js';
import type { TestServer } from '../support/server.js';

export interface SdkUser {
  client: ParlorClient;
  id: string;
  name: string;
  token: string;
}

const open: ParlorClient[] = [];

export async function sdkClient(server: TestServer, who: { token: string; id: string; name: string } | null = null, opts: Partial<ParlorClientOptions> = {}): Promise<SdkUser> {
  const user = who ?? (await guest(server));
  const client = new ParlorClient({
    url: server.url,
    token: user.token,
    transports: ['websocket'],
    reconnectionDelay: 200,
    reconnectionDelayMax: 500,
    ...opts,
    socket: { localAddress: nextIp(), randomizationFactor: 0, ...opts.socket },
  });
  open.push(client);
  await client.connect();
  return { client, id: user.id, name: user.name, token: user.token };
}

export function closeAll(): void {
  for (const c of open.splice(0)) c.close();
}
