import { CollectorDomainError } from '../collector-domain.error';
import { err, ok, type Result } from '../result';
import { embeddedObject, isJsonObject, parseJson, text } from './json-fields';
import type { RuntimeMetadata } from './runtime-metadata';

/**
 * Parses containers/storage's `overlay-containers/containers.json` (podman and cri-o) into an
 * index by container id. Each entry gives the name (`names[0]`, else the metadata's `name`) and the
 * image reference (the metadata's `image-name`). The file lists every container on the host, so
 * callers should cache the index per file modification time rather than re-parse per container.
 * Entries that are not objects with an `id` are skipped (they cannot belong to any container).
 */
export function parseContainersStorage(content: string): Result<ReadonlyMap<string, RuntimeMetadata>, CollectorDomainError> {
  const parsed = parseJson(content, 'containers.json');
  if (!parsed.ok) return parsed;
  if (!Array.isArray(parsed.value)) return err(new CollectorDomainError('JSON_SHAPE_INVALID', 'containers.json: expected a JSON array'));
  const index = new Map<string, RuntimeMetadata>();
  for (const [position, entry] of (parsed.value as unknown[]).entries()) {
    const warnings: string[] = [];
    if (!isJsonObject(entry) || text(entry['id']) === '') continue;
    const metadata = embeddedObject(entry['metadata'], `containers.json[${position}].metadata`, warnings);
    const names = Array.isArray(entry['names']) ? (entry['names'] as unknown[]).filter((n): n is string => typeof n === 'string') : [];
    index.set(text(entry['id']), {
      name: names[0] ?? text(metadata['name']),
      image: text(metadata['image-name']),
      labels: {},
      sandbox: false,
      warnings,
    });
  }
  return ok(index);
}
