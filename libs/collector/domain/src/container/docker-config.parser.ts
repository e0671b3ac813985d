import type { CollectorDomainError } from '../collector-domain.error';
import { ok, type Result } from '../result';
import { isJsonObject, parseJsonObject, stringMap, text } from './json-fields';
import type { RuntimeMetadata } from './runtime-metadata';

/**
 * Parses docker's `/var/lib/docker/containers/<id>/config.v2.json`: `Name` (without its leading
 * `/`), `Config.Image` (the reference the user ran; the top-level `Image` id is only a fallback)
 * and `Config.Labels`. Under dockershim the labels already carry `io.kubernetes.*`; a pod's pause
 * container is marked by `io.kubernetes.docker.type=podsandbox`.
 */
export function parseDockerConfigV2(content: string): Result<RuntimeMetadata, CollectorDomainError> {
  const parsed = parseJsonObject(content, 'docker config.v2.json');
  if (!parsed.ok) return parsed;
  const root = parsed.value;
  const warnings: string[] = [];
  const config = isJsonObject(root['Config']) ? root['Config'] : {};
  if (!isJsonObject(root['Config'])) warnings.push('docker config.v2.json: no Config object');
  const labels = stringMap(config['Labels'], 'Config.Labels', warnings);
  return ok({
    name: text(root['Name']).replace(/^\//, ''),
    image: text(config['Image']) || text(root['Image']),
    labels,
    sandbox: labels['io.kubernetes.docker.type'] === 'podsandbox',
    warnings,
  });
}
