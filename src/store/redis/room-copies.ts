/**
 * A node's copies of the rooms it has lately read or stored, each as the JSON Redis holds
 * at a rev. They let a move skip the read of its room (redis-room-store.ts,
 * `commitOnCopy`): the compare-and-set on the rev refuses a copy that is stale, so a copy
 * is only a guess, and a wrong guess costs the read it was to save.
 *
 * They stay fresh through the node streams (transport/node-streams.ts): a node appends
 * each room it stored to its stream (`stored`), before the pushes that tell of the change,
 * and the other nodes apply it to the copy they hold (`heard`; a room a node holds no copy
 * of is not added). So in a turn-based game the opponent's move reaches the mover's copy
 * before the `game_state` that tells the mover it is their turn.
 *
 * Only a copy with a higher rev replaces one; a closed room is dropped. At most `max` are
 * kept, the least recently stored dropped first. All are dropped when the Redis
 * connection comes back (`clear`): Redis may have lost its data, and a room rebuilt from
 * PostgreSQL could be stored again at a rev a copy already has, with other contents.
 */
const MAX_COPIES = 10_000;

interface Copy {
  rev: number;
  json: string;
}

export class RoomCopies {
  private readonly copies = new Map<string, Copy>();
  /** Set by the app: appends fields to this node's stream. Until then nothing is shared. */
  publish: (fields: Record<string, string>) => void = () => {};

  constructor(private readonly max = MAX_COPIES) {}

  /** The room's JSON as last seen, with its rev, or undefined. */
  get(roomId: string): Copy | undefined {
    return this.copies.get(roomId);
  }

  /** The room was read at `rev` (json '' when it is closed). */
  seen(roomId: string, rev: number, json: string): void {
    const have = this.copies.get(roomId);
    if (have && have.rev >= rev) return;
    this.copies.delete(roomId);
    if (!json) return;
    this.copies.set(roomId, { rev, json });
    if (this.copies.size > this.max) this.copies.delete(this.copies.keys().next().value!);
  }

  /** This node stored the room at `rev` (json '' when it is closed): its copy, and an entry for the other nodes. */
  stored(roomId: string, rev: number, json: string): void {
    this.seen(roomId, rev, json);
    this.publish({ kind: 'room', id: roomId, rev: String(rev), json });
  }

  /** An entry of another node's stream (`stored`): applied only to a copy this node holds. */
  heard(fields: Record<string, string>): void {
    const roomId = fields.id;
    const rev = Number(fields.rev);
    if (roomId === undefined || !Number.isInteger(rev) || !this.copies.has(roomId)) return;
    this.seen(roomId, rev, fields.json ?? '');
  }

  /** The copy of `roomId` is known to be stale (a compare-and-set refused it). */
  drop(roomId: string): void {
    this.copies.delete(roomId);
  }

  clear(): void {
    this.copies.clear();
  }

  get size(): number {
    return this.copies.size;
  }
}
