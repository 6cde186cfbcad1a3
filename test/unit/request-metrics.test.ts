/** The per-request metrics written by hand as Prometheus text (src/transport/request-metrics.ts). */
import { describe, expect, it } from 'vitest';
import { RequestMetrics } from '../../src/transport/request-metrics.js';

describe('RequestMetrics', () => {
  it('counts by event and outcome and writes cumulative buckets, +Inf, sum and count', () => {
    const m = new RequestMetrics();
    m.record('send_message', 'ok', 0.0005); // on a bound: counted in it (le is "less or equal")
    m.record('send_message', 'ok', 0.003);
    m.record('send_message', 'RATE_LIMITED', 0.0001);
    m.record('send_message', 'ok', 7); // above every bound: +Inf only
    m.record('heartbeat', 'ok', 0.02);
    const lines = m.text().split('\n');
    const value = (sample: string) => {
      const line = lines.find((l) => l.startsWith(`${sample} `));
      if (!line) throw new Error(`no sample ${sample} in:\n${lines.join('\n')}`);
      return Number(line.slice(sample.length + 1));
    };
    expect(lines).toContain('# TYPE parlor_events_total counter');
    expect(lines).toContain('# TYPE parlor_event_duration_seconds histogram');
    expect(value('parlor_events_total{event="send_message",outcome="ok"}')).toBe(3);
    expect(value('parlor_events_total{event="send_message",outcome="RATE_LIMITED"}')).toBe(1);
    expect(value('parlor_events_total{event="heartbeat",outcome="ok"}')).toBe(1);
    const bucket = (le: string) => value(`parlor_event_duration_seconds_bucket{le="${le}",event="send_message"}`);
    expect([bucket('0.0005'), bucket('0.001'), bucket('0.0025'), bucket('0.005'), bucket('2.5'), bucket('+Inf')]).toEqual([2, 2, 2, 3, 3, 4]);
    expect(value('parlor_event_duration_seconds_count{event="send_message"}')).toBe(4);
    expect(value('parlor_event_duration_seconds_sum{event="send_message"}')).toBeCloseTo(7.0036, 10);
    expect(value('parlor_event_duration_seconds_bucket{le="0.01",event="heartbeat"}')).toBe(0);
    expect(value('parlor_event_duration_seconds_bucket{le="0.025",event="heartbeat"}')).toBe(1);
    // an outcome never seen has no sample
    expect(lines.some((l) => l.includes('outcome="INTERNAL"'))).toBe(false);
  });

  it('escapes label values as the text format requires', () => {
    const m = new RequestMetrics();
    m.record('a"b\\c\nd', 'ok', 0.001);
    expect(m.text()).toContain('parlor_events_total{event="a\\"b\\\\c\\nd",outcome="ok"} 1');
  });
});
