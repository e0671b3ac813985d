import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * fsmon's version: from the nearest package.json named `fsmon` above `from` (the source tree and
 * the build output both sit below the repository root); '0.0.0-unknown' when none is found.
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'fsmon' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No (readable) package.json here: keep looking upwards.
    }
    if (dirname(dir) === dir) return '0.0.0-unknown';
  }
}
