/**
 * The two per-request metrics of SPEC §13, `parlor_events_total` (by event and outcome)
 * and `parlor_event_duration_seconds` (by event), kept as plain numbers and written as
 * Prometheus text when scraped. They are counted on every request, and prom-client's
 * Counter and Histogram build and hash a label key on every call (measured at ~1 % of a
 * chat send's CPU); here a request costs a Map lookup and a few additions. The labels are
 * bounded: `event` is a route's name or `unknown`, `outcome` is `ok` or an error code.
 */

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

interface EventStats {
  ok: number;
  /** Requests by error code. */
  failed: Map<string, number>;
  /** Requests per bucket: index i holds those ≤ BUCKETS[i] and > BUCKETS[i - 1]; the last, those above every bound. */
  buckets: number[];
  sum: number;
  count: number;
}

export class RequestMetrics {
  private readonly byEvent = new Map<string, EventStats>();

  record(event: string, outcome: string, seconds: number): void {
    let e = this.byEvent.get(event);
    if (!e) this.byEvent.set(event, (e = { ok: 0, failed: new Map(), buckets: new Array<number>(BUCKETS.length + 1).fill(0), sum: 0, count: 0 }));
    if (outcome === 'ok') e.ok++;
    else e.failed.set(outcome, (e.failed.get(outcome) ?? 0) + 1);
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]!) i++;
    e.buckets[i]!++;
    e.sum += seconds;
    e.count++;
  }

  /** Both metrics in the Prometheus text format (0.0.4), HELP and TYPE lines included. */
  text(): string {
    const counts: string[] = ['# HELP parlor_events_total Client events handled, by event and outcome (ok or an error code)', '# TYPE parlor_events_total counter'];
    const times: string[] = ['# HELP parlor_event_duration_seconds Time to handle a client event', '# TYPE parlor_event_duration_seconds histogram'];
    for (const [event, e] of this.byEvent) {
      const ev = `event="${escape(event)}"`;
      if (e.ok) counts.push(`parlor_events_total{${ev},outcome="ok"} ${e.ok}`);
      for (const [code, n] of e.failed) counts.push(`parlor_events_total{${ev},outcome="${escape(code)}"} ${n}`);
      let below = 0;
      BUCKETS.forEach((le, i) => {
        below += e.buckets[i]!;
        times.push(`parlor_event_duration_seconds_bucket{le="${le}",${ev}} ${below}`);
      });
      times.push(`parlor_event_duration_seconds_bucket{le="+Inf",${ev}} ${e.count}`, `parlor_event_duration_seconds_sum{${ev}} ${e.sum}`, `parlor_event_duration_seconds_count{${ev}} ${e.count}`);
    }
    return `${counts.join('\n')}\n\n${times.join('\n')}\n`;
  }
}

/** A label value as the text format wants it: backslash, double quote and newline escaped. */
function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
