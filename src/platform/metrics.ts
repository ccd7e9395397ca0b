// Prometheus metrics for one app: a registry of its own (so two apps in one process never share
// counts), request durations by route pattern, and counters features feed through plain functions
// handed to them in services.ts, so the platform names no feature. Labels hold only bounded,
// public values (method, route pattern, status, a fixed outcome): never a URL, a slug or a name.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  /** Seconds from request to response, by method, route pattern ('unmatched' for a 404) and status. */
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** police.uk rows in committed imports: used (counted in the tables) or set aside (outside the force, no location…). */
  policeRowsImported: Counter<'result'>;
  /** A gauge whose value is read when the metrics are scraped (`read` is called then). */
  gaugeOf(name: string, help: string, read: () => number): void;
  /** A counter without labels, registered once per app. */
  counterOf(name: string, help: string): Counter;
}

// Page renders sit between a few milliseconds and a second; imports and uploads take longer.
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(): Metrics {
  const registry = new Registry();
  // Process figures (memory, CPU, event-loop delay, handles), prefixed like ours.
  collectDefaultMetrics({ register: registry, prefix: 'csp_hub_' });
  const httpDuration = new Histogram({
    name: 'csp_hub_http_request_duration_seconds', help: 'Time to answer a request, by route pattern',
    labelNames: ['method', 'route', 'status_code'] as const, buckets: BUCKETS, registers: [registry],
  });
  const policeRowsImported = new Counter({
    name: 'csp_hub_police_uk_rows_imported_total', help: 'police.uk rows read by committed imports, used or set aside',
    labelNames: ['result'] as const, registers: [registry],
  });
  return {
    registry, httpDuration, policeRowsImported,
    gaugeOf(name, help, read) {
      new Gauge({ name, help, registers: [registry], collect() { this.set(read()); } });
    },
    counterOf(name, help) {
      return new Counter({ name, help, registers: [registry] });
    },
  };
}
