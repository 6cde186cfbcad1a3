/**
 * A stream per node for the cluster fan-out. With one shared stream (the Redis Streams
 * adapter's own layout) every node reads every entry, its own included, and its blocked
 * `XREAD` returns for each of them: on two nodes 56–61 % of a node's reads brought back only
 * its own entries, each a round trip to Redis for nothing. Here each node appends to
 * `<prefix>:node:<id>` and reads the streams of the other nodes alone, in one `XREAD`.
 *
 * Which streams to read:
 * - At start, those of the live nodes (the presence registry), each from its current end:
 *   this node has no sockets yet, so nothing written before concerns it.
 * - A node that starts later says so in `<prefix>:hello`, which every node's `XREAD` also
 *   watches, before it could have written anything its peers need; they read its stream
 *   from the beginning, so nothing it wrote is missed even if its hello is read late.
 * - Streams of nodes gone from the registry are set aside with their offsets: a node that
 *   comes back (a long pause missed its heartbeats) is read on from where it was left. A
 *   node's stream expires a minute after its node stopped renewing it.
 *
 * Room entries: the room store appends each room it stored to its node's stream
 * (store/redis/room-copies.ts), before the pushes that tell of the change. They go to
 * `onRoom`, in stream order with the rest, so a node's copy of a room is updated before
 * those pushes reach its sockets.
 *
 * Order: a node's entries are applied in the order it wrote them, as before. Entries of
 * different nodes read in one `XREAD` are applied in the order of their ids (Redis's
 * clock, to the millisecond): what one node wrote after reading another's entry comes
 * after it. Entries of two nodes within one millisecond were concurrent anyway.
 */
import type { Redis } from 'ioredis';
import { flushAtTurnEnd } from '../core/turn-cork.js';

/** A stream entry's fields: what the Redis Streams adapter writes (uid, nsp, type, data). */
export type RawEntry = Record<string, string>;

const BLOCK_MS = 5000;
const READ_COUNT = 100;
const MAX_LEN = 10_000;
// KEYS: the stream. ARGV: its approximate length, then per entry the number of its field
// and value arguments followed by them.
const XADD_MANY = `
local i = 2
while i <= #ARGV do
  local n = tonumber(ARGV[i])
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(ARGV, i + 1, i + n))
  i = i + n + 1
end
return 1
`;
const HELLO_MAX_LEN = 1000;
const REFRESH_MS = 2000;
/** A node's stream outlives its node this long (set at every refresh). */
const STREAM_TTL_MS = 60_000;
/** A node heard of by its hello is kept this long before the registry must list it. */
const GRACE_MS = 10_000;

export interface NodeStreamsOptions {
  /** The connection entries are written with (commands wait in its queue while Redis is away). */
  redis: Redis;
  nodeId: string;
  /** The ids of the live nodes (this one included). */
  liveNodes: () => Promise<string[]>;
  prefix: string;
}

export class NodeStreams {
  /** Stream key → the id of the last entry read (or the end it is read from). */
  private readonly offsets = new Map<string, string>();
  /** Node → when it was first heard of (ms). */
  private readonly heardAt = new Map<string, number>();
  /** Node → the offset its stream was left at when the registry stopped listing it, and when. */
  private readonly parked = new Map<string, { offset: string; at: number }>();
  private helloOffset = '0-0';
  private reader: Redis | null = null;
  private refresher: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Entries published in this turn, not sent yet. */
  private pending: RawEntry[] = [];
  /** Set by the adapter: applies another node's entry. */
  onEntry: (raw: RawEntry, id: string) => void = () => {};
  /** Set by the app: another node stored a room (`kind: 'room'`, id, rev, json). */
  onRoom: (raw: RawEntry) => void = () => {};

  constructor(private readonly o: NodeStreamsOptions) {
    o.redis.defineCommand('parlorXaddMany', { numberOfKeys: 1, lua: XADD_MANY });
  }

  private streamOf(node: string): string {
    return `${this.o.prefix}:node:${node}`;
  }

  private get hello(): string {
    return `${this.o.prefix}:hello`;
  }

  /**
   * Appends an entry to this node's stream, without waiting. The entries of one turn of the
   * event loop are sent together at its end, in order (`flush`).
   */
  publish(fields: RawEntry): void {
    if (!this.pending.length) flushAtTurnEnd(this.flush);
    this.pending.push(fields);
  }

  /**
   * One entry is one `XADD`; more go in one script, so that a node blocked reading this
   * stream is woken once for them, not once per entry (Redis answers a blocked `XREAD` as
   * soon as the command that fed it has run).
   */
  private readonly flush = (): void => {
    const entries = this.pending;
    this.pending = [];
    const stream = this.streamOf(this.o.nodeId);
    const redis = this.o.redis as unknown as Record<string, (...a: (string | number)[]) => Promise<unknown>>;
    if (entries.length === 1) {
      const args: (string | number)[] = [stream, 'MAXLEN', '~', MAX_LEN, '*'];
      for (const k in entries[0]) args.push(k, entries[0][k]!);
      void redis.xadd!.apply(this.o.redis, args).catch(() => {});
      return;
    }
    const args: (string | number)[] = [stream, MAX_LEN];
    for (const e of entries) {
      const at = args.length;
      args.push(0);
      for (const k in e) args.push(k, e[k]!);
      args[at] = args.length - at - 1;
    }
    void redis.parlorXaddMany!.apply(this.o.redis, args).catch(() => {});
  };

  /** Finds the other nodes, says hello, and starts reading. */
  async start(): Promise<void> {
    const redis = this.o.redis;
    this.helloOffset = await this.endOf(this.hello);
    for (const node of await this.o.liveNodes()) if (node !== this.o.nodeId) this.watch(node, await this.endOf(this.streamOf(node)));
    await redis.xadd(this.hello, 'MAXLEN', '~', HELLO_MAX_LEN, '*', 'node', this.o.nodeId);
    this.reader = redis.duplicate();
    this.reader.on('error', () => {});
    this.refresher = setInterval(() => void this.refresh().catch(() => {}), REFRESH_MS);
    this.refresher.unref();
    void this.read();
  }

  stop(): void {
    this.stopped = true;
    if (this.refresher) clearInterval(this.refresher);
    this.reader?.disconnect();
  }

  /** The id of a stream's last entry ('0-0' when it has none yet): reading from there gets only what comes next. */
  private async endOf(key: string): Promise<string> {
    const last = (await this.o.redis.xrevrange(key, '+', '-', 'COUNT', 1))[0];
    return last ? last[0] : '0-0';
  }

  private watch(node: string, from: string): void {
    if (node === this.o.nodeId || this.heardAt.has(node)) return;
    this.heardAt.set(node, Date.now());
    this.offsets.set(this.streamOf(node), from);
  }

  /** Follows the registry: sets aside the streams of nodes it no longer lists, reads those it lists again; keeps this node's stream alive. */
  private async refresh(): Promise<void> {
    await this.o.redis.pexpire(this.streamOf(this.o.nodeId), STREAM_TTL_MS);
    const live = new Set(await this.o.liveNodes());
    const now = Date.now();
    for (const [node, at] of this.heardAt) {
      if (live.has(node) || now - at < GRACE_MS) continue;
      const key = this.streamOf(node);
      this.parked.set(node, { offset: this.offsets.get(key) ?? '0-0', at: now });
      this.heardAt.delete(node);
      this.offsets.delete(key);
    }
    for (const node of live) {
      if (node === this.o.nodeId || this.heardAt.has(node)) continue;
      // back after a pause: on from where it was left; never heard of (its hello lost with Redis's data): from now
      const from = this.parked.get(node)?.offset ?? (await this.endOf(this.streamOf(node)));
      this.parked.delete(node);
      this.watch(node, from);
    }
    for (const [node, { at }] of this.parked) if (now - at > STREAM_TTL_MS) this.parked.delete(node); // its stream is gone too
  }

  private async read(): Promise<void> {
    while (!this.stopped) {
      const keys = [this.hello, ...this.offsets.keys()];
      const ids = [this.helloOffset, ...this.offsets.values()];
      let reply: [string, [string, string[]][]][] | null;
      try {
        reply = (await this.reader!.xread('COUNT', READ_COUNT, 'BLOCK', BLOCK_MS, 'STREAMS', ...keys, ...ids)) as typeof reply;
      } catch {
        if (this.stopped) return;
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      if (!reply) continue;
      const entries: [string, string[]][] = [];
      let streams = 0;
      for (const [key, items] of reply) {
        if (!items.length) continue;
        if (key === this.hello) {
          for (const [id, fields] of items) {
            this.helloOffset = id;
            const node = fieldOf(fields, 'node');
            if (node) this.watch(node, '0-0'); // its stream began after its hello: read all of it
          }
          continue;
        }
        if (!this.offsets.has(key)) continue; // dropped while the read was on its way
        this.offsets.set(key, items[items.length - 1]![0]);
        for (const item of items) entries.push(item);
        streams++;
      }
      if (streams > 1) entries.sort(([a], [b]) => compareIds(a, b));
      for (const [id, fields] of entries) {
        const raw = toRaw(fields);
        if (raw.kind === 'room') this.onRoom(raw);
        else this.onEntry(raw, id);
      }
    }
  }
}

function fieldOf(fields: string[], name: string): string | undefined {
  for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

function toRaw(fields: string[]): RawEntry {
  const raw: RawEntry = {};
  for (let i = 0; i < fields.length; i += 2) raw[fields[i]!] = fields[i + 1]!;
  return raw;
}

/** Orders stream ids (`<ms>-<seq>`) as Redis does. */
function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-');
  const [bm, bs] = b.split('-');
  return Number(am) - Number(bm) || Number(as) - Number(bs);
}
