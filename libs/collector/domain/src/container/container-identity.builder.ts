import type { ContainerIdentity } from '@fsmon/contracts';
import type { RuntimeMetadata } from './runtime-metadata';

/** Contract bounds of ContainerIdentity. */
const MAX_TEXT = 256;
const MAX_LABEL_VALUE = 1024;

export interface BuiltIdentity {
  readonly identity: ContainerIdentity;
  /** What did not fit the contract and was left out, plus the metadata's own warnings. */
  readonly warnings: readonly string[];
}

/**
 * Builds the wire ContainerIdentity from a container id and its merged runtime metadata, leaving
 * out (and naming in `warnings`) a name, image or label that exceeds the contract's bounds, so the
 * identity always validates.
 */
export function buildContainerIdentity(id: string, metadata: RuntimeMetadata): BuiltIdentity {
  const warnings = [...metadata.warnings];
  const bounded = (what: string, value: string): string => {
    if (value.length <= MAX_TEXT) return value;
    warnings.push(`${what} longer than ${MAX_TEXT} characters left out`);
    return '';
  };
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata.labels)) {
    if (key.length > MAX_TEXT || value.length > MAX_LABEL_VALUE) warnings.push(`label ${key.slice(0, 64)} exceeds the label bounds, left out`);
    else labels[key] = value;
  }
  return { identity: { id, name: bounded('name', metadata.name), image: bounded('image', metadata.image), labels }, warnings };
}
