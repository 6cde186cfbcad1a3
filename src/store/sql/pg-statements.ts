/**
 * PostgreSQL's hot statements, sent as prepared statements: a statement text used often is
 * given a name, and each pool connection parses and plans it once, then runs it with
 * Bind/Execute alone. Without a name PostgreSQL parses, analyses, rewrites and plans every
 * statement again: for a group-committed room write about 100 µs of backend CPU of ~210
 * (measured with `log_parser_stats`, `log_planner_stats`, `log_executor_stats`;
 * docs/PERFORMANCE.md, change 48), and the node sends the whole text each time.
 *
 * Which texts get a name: the group-committed writes are built per batch, so their text
 * depends on how many rows of each kind the batch holds. A few shapes make up nearly all
 * batches (in the cluster games workload ten shapes were 92–97 % of ~100 seen), so a text
 * is named once it has been used `NAME_AFTER` times, and at most `MAX_NAMES` texts are:
 * each connection then holds at most that many prepared statements, whatever the load.
 * The rest run unnamed, as before. A text longer than `MAX_TEXT` (a batch of hundreds of
 * rows, never a common shape) is not even counted, so the counts hold at most
 * `MAX_COUNTED` short texts.
 *
 * Statements with a result list their columns (no `select *`): PostgreSQL refuses to run a
 * prepared statement whose result columns changed since it was prepared (a migration).
 *
 * Behind a pooler in transaction mode, prepared statements need PgBouncer 1.21 or newer
 * with `max_prepared_statements` set (docs/SCALING.md).
 */
import type pg from 'pg';

/** Uses of a text after which it is prepared. */
const NAME_AFTER = 3;
/** Most texts prepared (per process, so per connection too). */
export const MAX_NAMES = 64;
/** Most texts counted; when full, the counts start over (the names given stay). */
const MAX_COUNTED = 1024;
/** Longest text counted or named, in characters. */
const MAX_TEXT = 4096;

export class PgStatements {
  private readonly names = new Map<string, string>();
  private readonly uses = new Map<string, number>();

  constructor(private readonly pool: pg.Pool) {}

  /** Runs `text` with `values` on a pool connection, as a prepared statement once the text is common. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    const name = this.nameOf(text);
    return name === undefined ? this.pool.query<R>(text, values) : this.pool.query<R>({ name, text, values });
  }

  /** How many texts have a name (for tests). */
  get named(): number {
    return this.names.size;
  }

  private nameOf(text: string): string | undefined {
    const name = this.names.get(text);
    if (name !== undefined || this.names.size >= MAX_NAMES || text.length > MAX_TEXT) return name;
    const n = (this.uses.get(text) ?? 0) + 1;
    if (n < NAME_AFTER) {
      if (this.uses.size >= MAX_COUNTED) this.uses.clear();
      this.uses.set(text, n);
      return undefined;
    }
    this.uses.delete(text);
    const given = `parlor_${this.names.size}`;
    this.names.set(text, given);
    return given;
  }
}
