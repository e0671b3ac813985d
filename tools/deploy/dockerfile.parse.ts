/** One build stage of a Dockerfile: its base (ARG defaults substituted) and its instructions. */
export interface DockerStage {
  name: string;
  from: string;
  instructions: { op: string; args: string }[];
}

/**
 * A small Dockerfile reader for structure checks: joins `\` continuations, drops comments, splits
 * stages at FROM and substitutes global ARG defaults in FROM lines. No shell semantics.
 */
export function parseDockerfile(text: string): DockerStage[] {
  const lines = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const args = new Map<string, string>();
  const stages: DockerStage[] = [];
  for (const line of lines) {
    const [, op, rest] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = op.toUpperCase();
    if (upper === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      if (!m) throw new Error(`unreadable FROM line: ${line}`);
      const from = m[1].replace(/\$\{?(\w+)\}?/g, (_, name: string) => args.get(name) ?? `<unset ${name}>`);
      stages.push({ name: m[2] ?? `#${stages.length}`, from, instructions: [] });
    } else if (upper === 'ARG' && stages.length === 0) {
      const [name, value = ''] = rest.split('=');
      args.set(name.trim(), value.trim());
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push({ op: upper, args: rest });
    }
  }
  return stages;
}

/** The stage and its ancestors inside the same Dockerfile, nearest first. */
export function stageChain(stages: DockerStage[], name: string): DockerStage[] {
  const chain: DockerStage[] = [];
  for (let s = stages.find((x) => x.name === name); s && !chain.includes(s); s = stages.find((x) => x.name === s?.from)) chain.push(s);
  return chain;
}
