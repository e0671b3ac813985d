import { Counter, Gauge, register } from 'prom-client';

/** One value of a metric: its labels and the number. */
export type Sample = readonly [Readonly<Record<string, string>>, number];

/**
 * Registers in prom-client's default registry a counter or gauge that is computed at scrape time:
 * each scrape resets it and adds up what `read` returns (samples with the same labels add, so a
 * reader may return one sample per source). The collector's figures live in its own objects; this
 * copies them out without keeping a second running total. A metric of the same name is replaced
 * (a module built again in the same process). Returns the name, for `register.removeSingleMetric`.
 */
export function scrapedMetric(kind: 'counter' | 'gauge', name: string, help: string, labelNames: readonly string[], read: () => readonly Sample[]): string {
  register.removeSingleMetric(name);
  const Metric = kind === 'counter' ? Counter : Gauge;
  new Metric({
    name,
    help,
    labelNames: [...labelNames],
    collect() {
      this.reset();
      for (const [labels, value] of read()) this.inc(labels, value);
    },
  });
  return name;
}

/** A record of counts as samples labelled `label` = key (a missing count is 0). */
export function labelled(record: Readonly<Partial<Record<string, number>>>, label: string): Sample[] {
  return Object.entries(record).map(([key, value]) => [{ [label]: key }, value ?? 0]);
}
