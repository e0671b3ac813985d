import { readFileSync } from 'node:fs';
import { GroupPolicy } from '@fsmon/contracts';
import { z } from 'zod';
import { groupPolicyProblems } from './group-policy.check';
import { PolicyFileError } from './policy.errors';

const PolicyFile = z.array(GroupPolicy).max(10_000);

/**
 * Reads a local policy (POLICY_FILE): a JSON array of GroupPolicy, each validated with the wire
 * contract and checked for consistency; a group name may appear once.
 * @throws PolicyFileError listing every problem found (unreadable, not JSON, schema, consistency).
 */
export function loadPolicyFile(path: string): GroupPolicy[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new PolicyFileError(path, [`cannot read: ${(e as Error).message}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new PolicyFileError(path, [`not JSON: ${(e as Error).message}`]);
  }
  const parsed = PolicyFile.safeParse(json);
  if (!parsed.success) {
    throw new PolicyFileError(
      path,
      parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  parsed.data.forEach((policy, i) => {
    if (seen.has(policy.name)) problems.push(`[${i}]: group ${JSON.stringify(policy.name)} appears more than once`);
    seen.add(policy.name);
    for (const p of groupPolicyProblems(policy)) problems.push(`[${i}]: ${p}`);
  });
  if (problems.length > 0) throw new PolicyFileError(path, problems);
  return parsed.data;
}
