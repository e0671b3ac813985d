/**
 * A command line that runs `cmd args…` with nothing inherited but stdin, stdout and stderr.
 *
 * Why: librdkafka's mock broker (the embedded Kafka) accepts connections without close-on-exec,
 * so a process spawned from the process hosting it inherits the broker's end of every connection
 * open at that moment. Those copies outlive the connection on the broker's side: a broker going
 * down, or a client going away, then leaves half-open connections behind (kafkajs keeps sending
 * on them until request timeouts). Whoever hosts the embedded broker and spawns apps (the main
 * job, the pipeline tests) starts them through this, so each app's connections are its own.
 *
 * bash closes every descriptor above 2 in the child, after the fork and before the exec, so no
 * connection accepted in between can slip through (dash cannot name descriptors above 9).
 */
export function withoutInheritedFds(cmd: string, args: readonly string[]): [string, string[]] {
  return ['bash', ['-c', CLOSE_THEN_EXEC, 'fsmon-clean-spawn', cmd, ...args]];
}

const CLOSE_THEN_EXEC = [
  'for f in /proc/$$/fd/*; do',
  '  n=${f##*/}',
  '  if [ "$n" -gt 2 ] 2>/dev/null; then eval "exec $n>&-" 2>/dev/null; fi',
  'done',
  'exec "$@"',
].join('\n');
