/**
 * Durable timers for one process: rows in SQLite, re-armed at start, each backed by a
 * setTimeout while the process lives. A timer's row is deleted only after its handler
 * succeeded, so a crash mid-handler fires it again after the restart (handlers are
 * idempotent: they re-check the state they act on).
 */
import type { Db } from '../sql/schema.js';
import type { Scheduler, Timer } from '../ports.js';

const MAX_DELAY = 2 ** 31 - 1;
const RETRY_MS = 1000;

/** The writes of timer rows, when the engine has faster ones than Kysely's (SQLite). */
export interface TimerRowWrites {
  upsertTimer(t: Timer): Promise<void>;
  /** Deletes the row (only the one due at `dueAt`, when given). */
  deleteTimer(key: string, dueAt?: number): Promise<void>;
}

export class EmbeddedScheduler implements Scheduler {
  private readonly armed = new Map<string, { timer: NodeJS.Timeout; t: Timer }>();
  private handler: ((t: Timer) => Promise<void>) | null = null;
  private stopped = false;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly rows?: TimerRowWrites,
  ) {}

  async schedule(t: Timer): Promise<void> {
    if (this.rows) {
      await this.rows.upsertTimer(t);
      return this.arm(t);
    }
    const data = JSON.stringify(t.data);
    await this.db
      .insertInto('timers')
      .values({ key: t.key, kind: t.kind, due_at: t.due_at, data })
      .onConflict((oc) => oc.column('key').doUpdateSet({ kind: t.kind, due_at: t.due_at, data }))
      .execute();
    this.arm(t);
  }

  /**
   * Disarms at once. With the SQLite writer the row's deletion joins the coming group
   * commit without being waited for: writes stay in order (a later schedule of the key
   * lands after it), and a deletion lost in a crash leaves a row that fires once after the
   * restart into a handler that re-checks its state and does nothing (see the class note).
   * That saves the caller a second commit after the change that made the timer moot.
   */
  async cancel(key: string): Promise<void> {
    this.disarm(key);
    if (this.rows) return void this.rows.deleteTimer(key).catch(() => {});
    await this.db.deleteFrom('timers').where('key', '=', key).execute();
  }

  start(handler: (t: Timer) => Promise<void>): void {
    this.handler = handler;
    void this.db
      .selectFrom('timers')
      .selectAll()
      .execute()
      .then((rows) => {
        for (const r of rows) if (!this.armed.has(r.key)) this.arm({ key: r.key, kind: r.kind, due_at: Number(r.due_at), data: JSON.parse(r.data) });
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const key of [...this.armed.keys()]) this.disarm(key);
    await Promise.allSettled([...this.running]);
  }

  private arm(t: Timer): void {
    if (this.stopped) return;
    this.disarm(t.key);
    const delay = Math.min(Math.max(0, t.due_at - Date.now()), MAX_DELAY);
    const timer = setTimeout(() => this.fire(t), delay);
    timer.unref();
    this.armed.set(t.key, { timer, t });
  }

  private disarm(key: string): void {
    const a = this.armed.get(key);
    if (a) clearTimeout(a.timer);
    this.armed.delete(key);
  }

  private fire(t: Timer): void {
    if (this.armed.get(t.key)?.t !== t) return;
    this.armed.delete(t.key);
    if (!this.handler || this.stopped) return;
    if (t.due_at > Date.now()) return this.arm(t); // long timers are armed in steps
    const run = this.handler(t)
      .then(async () => {
        // delete the row unless the handler (or someone) re-scheduled the key meanwhile
        if (this.armed.has(t.key)) return;
        if (this.rows) await this.rows.deleteTimer(t.key, t.due_at);
        else await this.db.deleteFrom('timers').where('key', '=', t.key).where('due_at', '=', t.due_at).execute();
      })
      .catch(() => {
        if (!this.stopped && !this.armed.has(t.key)) this.arm({ ...t, due_at: Date.now() + RETRY_MS });
      })
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }
}
