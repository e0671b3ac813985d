/**
 * Node (V8) flags each app is launched with: by the main job, by the Dockerfile's CMD in production
 * (tools/deploy checks the CMD carries them), by the pipeline tests and by bench/aggregator/deployed.js.
 *
 * The aggregator's consuming thread holds a ~30 MB heap and allocates fast (kafkajs fetches and
 * produce requests). Left to V8's defaults, its first collections shrink the old generation's
 * limit to just above that, and from then on V8 starts incremental marking again right after each
 * mark-compact: 5-13 major collections per 300k raw events, ~25 ms of concurrent marking each on
 * a 2-core node. A 64 MB initial old generation keeps the limit from being shrunk that far (1 major
 * collection in the same runs): throughput +8% (median of 6 alternated pairs, 0 to +17%), RSS the
 * same (docs/benchmarks.md, session 8). Node refuses `--initial-old-space-size` in NODE_OPTIONS,
 * hence the command line.
 */
export const APP_NODE_FLAGS: Record<'policy' | 'aggregator' | 'collector', readonly string[]> = {
  policy: [],
  aggregator: ['--initial-old-space-size=64'],
  collector: [],
};
