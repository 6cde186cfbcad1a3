/**
 * Group commit: writes that arrive in the same turn of the event loop, or while the
 * previous batch is being written, are written together in one transaction, and each
 * caller's promise settles only after that transaction has committed — durable before
 * answered, with one commit for many writes instead of one each. Nothing waits on a timer:
 * the more writes arrive at once, the larger the batches grow by themselves.
 *
 * By default one batch is written at a time, so batches commit in the order they were
 * formed. A store whose writes commute (each row guarded by a version, say) may allow a few
 * batches in flight at once: a write then waits for a free slot instead of for the whole
 * previous batch. Writes that do not commute can be given a key (`keyOf`): a write whose
 * key is in a batch on its way waits for that batch, so the writes of one key still land
 * in the order they were made (later writes of other keys go ahead).
 *
 * When a batch fails, its items are retried one by one, so a bad item fails alone and the
 * others behave exactly as if they had been written separately.
 *
 * @example
 * const inserts = new GroupCommit((rows: Row[]) => insertAllInOneTransaction(rows));
 * const id = await inserts.add(row);
 */
export class GroupCommit<I, O> {
  private pending: Pending<I, O>[] = [];
  private scheduled = false;
  private inFlight = 0;
  /** Keys in batches on their way, with how many such batches hold each. */
  private readonly busy = new Map<string, number>();

  /**
   * @param write writes every item in one transaction; answers one output per item, in order.
   * @param maxBatch most items in one transaction.
   * @param concurrency most batches being written at once (1: in order).
   * @param keyOf the key of an item whose writes must land in order (null: none).
   */
  constructor(
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 512,
    private readonly concurrency = 1,
    private readonly keyOf: ((item: I) => string | null) | null = null,
  ) {}

  /** Writes `item` in the coming batch; answers once it has committed. */
  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.concurrency || !this.pending.length) return;
    this.scheduled = true;
    // let the rest of this event-loop turn (other sockets' packets) join the batch
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const { batch, keys } = this.take();
    if (!batch.length) return; // all held behind batches on their way: their end schedules again
    this.inFlight++;
    for (const k of keys) this.busy.set(k, (this.busy.get(k) ?? 0) + 1);
    try {
      const out = await this.write(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(out[i]!));
    } catch (err) {
      if (batch.length === 1) batch[0]!.reject(err);
      else for (const b of batch) await this.write([b.item]).then((o) => b.resolve(o[0]!), b.reject);
    } finally {
      for (const k of keys) {
        const n = this.busy.get(k)! - 1;
        if (n) this.busy.set(k, n);
        else this.busy.delete(k);
      }
      this.inFlight--;
      this.schedule();
    }
  }

  /** The next batch: pending items in order, but none whose key is in a batch on its way (nor any later item of that key). */
  private take(): { batch: Pending<I, O>[]; keys: Set<string> } {
    const keys = new Set<string>();
    if (!this.keyOf) return { batch: this.pending.splice(0, this.maxBatch), keys };
    const batch: Pending<I, O>[] = [];
    const rest: Pending<I, O>[] = [];
    const held = new Set<string>();
    for (const p of this.pending) {
      const k = this.keyOf(p.item);
      if (batch.length < this.maxBatch && (k === null || (!this.busy.has(k) && !held.has(k)))) {
        batch.push(p);
        if (k !== null) keys.add(k);
      } else {
        rest.push(p);
        if (k !== null) held.add(k);
      }
    }
    this.pending = rest;
    return { batch, keys };
  }
}

interface Pending<I, O> {
  item: I;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}
