import { CollectorDomainError } from '../collector-domain.error';
import { err, ok, type Result } from '../result';

export type JsonObject = Readonly<Record<string, unknown>>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON text; `what` names the file in the error. */
export function parseJson(content: string, what: string): Result<unknown, CollectorDomainError> {
  try {
    return ok(JSON.parse(content) as unknown);
  } catch (e) {
    return err(new CollectorDomainError('JSON_INVALID', `${what}: not JSON (${(e as Error).message})`));
  }
}

/** Parses JSON text that must be an object. */
export function parseJsonObject(content: string, what: string): Result<JsonObject, CollectorDomainError> {
  const parsed = parseJson(content, what);
  if (!parsed.ok) return parsed;
  if (!isJsonObject(parsed.value)) return err(new CollectorDomainError('JSON_SHAPE_INVALID', `${what}: expected a JSON object`));
  return ok(parsed.value);
}

export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The string entries of an object; other values are named in `warnings`. */
export function stringMap(value: unknown, what: string, warnings: string[]): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isJsonObject(value)) {
    warnings.push(`${what}: not an object, ignored`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string') out[key] = item;
    else warnings.push(`${what}.${key}: not a string, ignored`);
  }
  return out;
}

/** An object encoded as a JSON string inside another value (cri-o's Labels, Metadata). */
export function embeddedObject(value: unknown, what: string, warnings: string[]): JsonObject {
  if (typeof value !== 'string' || value === '') return {};
  const parsed = parseJsonObject(value, what);
  if (parsed.ok) return parsed.value;
  warnings.push(parsed.error.message);
  return {};
}
