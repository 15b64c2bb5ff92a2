/**
 * Prometheus text exposition (format 0.0.4), hand-written: counters, gauges and histograms with
 * labels, which is all the server needs.
 */
type Labels = Record<string, string>;

const key = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels, extra: Labels = {}) => {
  const all = { ...labels, ...extra };
  // sorted names (le last), so a series always prints the same way
  const parts = Object.entries(all).sort(([a], [b]) => (a === 'le' ? 1 : b === 'le' ? -1 : a < b ? -1 : 1)).map(([k, v]) => `${k}="${escape(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};
const number = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN');

abstract class Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge' | 'histogram',
  ) {}
  abstract lines(): string[];
  render(): string {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`, ...this.lines()].join('\n');
  }
}

export class Counter extends Metric {
  private values = new Map<string, { labels: Labels; value: number }>();
  constructor(name: string, help: string, type: 'counter' | 'gauge' = 'counter') {
    super(name, help, type);
  }
  inc(labels: Labels = {}, by = 1): void {
    const k = key(labels);
    const entry = this.values.get(k) ?? { labels, value: 0 };
    entry.value += by;
    this.values.set(k, entry);
  }
  set(labels: Labels, value: number): void {
    this.values.set(key(labels), { labels, value });
  }
  get(labels: Labels = {}): number {
    return this.values.get(key(labels))?.value ?? 0;
  }
  lines(): string[] {
    return [...this.values.values()].map(({ labels, value }) => `${this.name}${labelText(labels)} ${number(value)}`);
  }
}

export class Histogram extends Metric {
  private series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(
    name: string,
    help: string,
    readonly buckets: readonly number[],
  ) {
    super(name, help, 'histogram');
  }
  observe(labels: Labels, value: number): void {
    const k = key(labels);
    const s = this.series.get(k) ?? { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
    this.buckets.forEach((b, i) => {
      if (value <= b) s.counts[i]! += 1;
    });
    s.sum += value;
    s.count += 1;
    this.series.set(k, s);
  }
  /** Observations so far for these labels (tests read it). */
  count(labels: Labels): number {
    return this.series.get(key(labels))?.count ?? 0;
  }
  lines(): string[] {
    return [...this.series.values()].flatMap(({ labels, counts, sum, count }) => [
      ...this.buckets.map((b, i) => `${this.name}_bucket${labelText(labels, { le: number(b) })} ${counts[i]}`),
      `${this.name}_bucket${labelText(labels, { le: '+Inf' })} ${count}`,
      `${this.name}_sum${labelText(labels)} ${number(sum)}`,
      `${this.name}_count${labelText(labels)} ${count}`,
    ]);
  }
}

/** The server's metrics. */
export function serverMetrics() {
  const metrics = {
    http: new Counter('attune_http_responses_total', 'Every HTTP response, by route and status: refusals (400 bad JSON, 401, 403, 404, 413, 415, timeouts) included.'),
    requests: new Counter('attune_requests_total', 'Predict requests answered, by model and HTTP status (refusals before the model included).'),
    errors: new Counter('attune_request_errors_total', 'Predict requests that failed, by model and kind (input: 4xx, internal: 5xx).'),
    latency: new Histogram('attune_request_duration_seconds', 'Predict request latency, parsing to response.', [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]),
    batchSize: new Histogram('attune_batch_size', 'Inputs per runtime call (micro-batching).', [1, 2, 4, 8, 16, 32, 64, 128, 256]),
    batchRequests: new Histogram('attune_batch_requests', 'Requests merged into one runtime call.', [1, 2, 4, 8, 16, 32, 64]),
    inflight: new Counter('attune_inflight_requests', 'Predict requests being answered now.', 'gauge'),
    reloads: new Counter('attune_model_reloads_total', 'Hot reloads of a model, by result (ok or failed).'),
    generation: new Counter('attune_model_generation', 'How many times the model was loaded (1 at start).', 'gauge'),
  };
  return {
    ...metrics,
    render: () => `${Object.values(metrics).map((m) => m.render()).join('\n')}\n`,
  };
}
export type ServerMetrics = ReturnType<typeof serverMetrics>;
