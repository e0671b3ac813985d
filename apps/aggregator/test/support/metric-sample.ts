/**
 * The first sample of metric `name` in a Prometheus text page, optionally the first whose labels
 * start with `labels` (e.g. `kind="major"`); undefined when there is none.
 */
export function metricSample(text: string, name: string, labels = ''): number | undefined {
  const match = new RegExp(`^${name}(?:\\{${labels}[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return match === null ? undefined : Number(match[1]);
}
