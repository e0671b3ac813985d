/** A container's name, image and labels as read from its runtime's state on disk. */
export interface RuntimeMetadata {
  readonly name: string;
  readonly image: string;
  readonly labels: Readonly<Record<string, string>>;
  /** A pod sandbox ("pause") container rather than a workload container. */
  readonly sandbox: boolean;
  /** Parts of the input that were unusable and skipped (for logs and counters). */
  readonly warnings: readonly string[];
}

export const EMPTY_METADATA: RuntimeMetadata = { name: '', image: '', labels: {}, sandbox: false, warnings: [] };

/**
 * Merges metadata from several files of one container, earlier parts first: the first non-empty
 * name and image win, labels are united (an earlier value wins), warnings are concatenated.
 */
export function mergeRuntimeMetadata(parts: readonly RuntimeMetadata[]): RuntimeMetadata {
  let merged = EMPTY_METADATA;
  for (const part of parts) {
    merged = {
      name: merged.name !== '' ? merged.name : part.name,
      image: merged.image !== '' ? merged.image : part.image,
      labels: { ...part.labels, ...merged.labels },
      sandbox: merged.sandbox || part.sandbox,
      warnings: [...merged.warnings, ...part.warnings],
    };
  }
  return merged;
}
