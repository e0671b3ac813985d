import type { CollectorDomainError } from '../collector-domain.error';
import { ok, type Result } from '../result';
import { parseContainersStorage } from './containers-storage.parser';
import { parseDockerConfigV2 } from './docker-config.parser';
import { parseOciConfig } from './oci-config.parser';
import type { RuntimeMetadata } from './runtime-metadata';
import type { RuntimeStateFormat } from './runtime-state.locations';

/**
 * Parses one runtime state file of container `id` by its format. `null` means the file is valid
 * but does not describe this container (containers.json without the id). Malformed content is an
 * error value, never a throw.
 */
export function parseRuntimeState(format: RuntimeStateFormat, content: string, id: string): Result<RuntimeMetadata | null, CollectorDomainError> {
  switch (format) {
    case 'docker-config-v2':
      return parseDockerConfigV2(content);
    case 'oci-config':
      return parseOciConfig(content);
    case 'containers-storage': {
      const index = parseContainersStorage(content);
      return index.ok ? ok(index.value.get(id) ?? null) : index;
    }
  }
}
