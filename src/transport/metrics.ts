/** Prometheus metrics (SPEC §13), one registry per server instance. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricSources {
  counts(): Promise<{ connections: number; users_online: number }>;
  localSockets(): number;
  roomsByStatus(): Promise<Record<'waiting' | 'active' | 'finished', number>>;
}

export class Metrics {
  readonly registry = new Registry();
  readonly events: Counter<'event' | 'outcome'>;
  readonly duration: Histogram<'event'>;
  readonly broadcasts: Counter;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    // the event-loop lag sampler is a timer: every 10 ms (the default) it wakes an idle process 100 times a second
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 100 });
    new Gauge({
      name: 'parlor_connected_sockets',
      help: 'Sockets connected to this process',
      registers,
      collect() {
        this.set(sources.localSockets());
      },
    });
    new Gauge({
      name: 'parlor_users_online',
      help: 'Users with at least one connected socket (cluster-wide)',
      registers,
      async collect() {
        this.set((await sources.counts()).users_online);
      },
    });
    new Gauge({
      name: 'parlor_rooms',
      help: 'Open rooms by status',
      labelNames: ['status'],
      registers,
      async collect() {
        const by = await sources.roomsByStatus();
        for (const [status, n] of Object.entries(by)) this.set({ status }, n);
      },
    });
    this.events = new Counter({ name: 'parlor_events_total', help: 'Client events handled, by event and outcome (ok or an error code)', labelNames: ['event', 'outcome'], registers });
    this.duration = new Histogram({
      name: 'parlor_event_duration_seconds',
      help: 'Time to handle a client event',
      labelNames: ['event'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.broadcasts = new Counter({ name: 'parlor_broadcasts_total', help: 'Pushes sent to rooms, users and topics', registers });
  }
}
