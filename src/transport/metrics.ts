/** Prometheus metrics (SPEC §13), one registry per server instance. */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { RequestMetrics } from './request-metrics.js';

export interface MetricSources {
  counts(): Promise<{ connections: number; users_online: number }>;
  localSockets(): number;
  roomsByStatus(): Promise<Record<'waiting' | 'active' | 'finished', number>>;
}

export class Metrics {
  readonly registry = new Registry();
  /** parlor_events_total and parlor_event_duration_seconds, counted outside prom-client (request-metrics.ts). */
  readonly requests = new RequestMetrics();
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
    this.broadcasts = new Counter({ name: 'parlor_broadcasts_total', help: 'Pushes sent to rooms, users and topics', registers });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Everything, as the Prometheus text of GET /metrics. */
  async text(): Promise<string> {
    return `${await this.registry.metrics()}
${this.requests.text()}`;
  }
}
