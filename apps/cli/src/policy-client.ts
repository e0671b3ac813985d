import { CliError, EXIT } from './cli-error';
import type { Resolved } from './cli-config';

/** An answer of the admin API: its body and the version headers of a group. */
export interface ApiResult<T> {
  body: T;
  /** The group's ETag, for If-Match on the next change. */
  etag?: string;
  revision?: number;
  /** Whether the change reached the policy topic before the answer (`pushed`) or not yet (`pending`). */
  push?: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The policy app's admin API (apps/policy/src/admin): bearer token, JSON bodies, errors as
 * `{ error: { code, message } }`. Every failure becomes a one-line CliError that says what to do.
 */
export class PolicyClient {
  constructor(
    private readonly url: Resolved<string>,
    private readonly token: () => Resolved<string>,
    private readonly timeoutMs = 10_000,
  ) {}

  get<T>(path: string): Promise<ApiResult<T>> {
    return this.call<T>('GET', path);
  }

  async call<T>(method: HttpMethod, path: string, body?: unknown, ifMatch?: string): Promise<ApiResult<T>> {
    const token = this.token();
    const headers: Record<string, string> = { authorization: `Bearer ${token.value}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (ifMatch) headers['if-match'] = ifMatch;
    const target = `${this.url.value}${path}`;
    let res: Response;
    try {
      res = await fetch(target, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      throw new CliError(`cannot reach the policy API at ${this.url.value} (${this.whyUnreachable(e)}; from ${this.url.from}): is fsmon running (\`npm start\`)?`, EXIT.unavailable);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw new CliError(`the policy API at ${this.url.value} did not finish its answer to ${method} ${path} (${this.whyUnreachable(e)})`, EXIT.unavailable);
    }
    const parsed = parseJson(text);
    if (!res.ok) throw new CliError(describeFailure(method, path, res.status, parsed, token.from), exitFor(res.status));
    if (typeof parsed === 'string') {
      // Something else answers on that address (another server, a proxy's page): say so, not a stack trace.
      throw new CliError(`${method} ${path}: the answer from ${this.url.value} is not JSON (from ${this.url.from}): is that the policy API?`, EXIT.protocol);
    }
    const revision = res.headers.get('x-policy-revision');
    return {
      body: parsed as T,
      etag: res.headers.get('etag') ?? undefined,
      revision: revision === null ? undefined : Number(revision),
      push: res.headers.get('x-policy-push') ?? undefined,
    };
  }

  /** ECONNREFUSED, "no answer within 10 s", or fetch's own reason (a bad port, a bad URL). */
  private whyUnreachable(e: unknown): string {
    if ((e as Error).name === 'TimeoutError') return `no answer within ${this.timeoutMs / 1000} s`;
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? (e as Error).message;
  }
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeFailure(method: string, path: string, status: number, body: unknown, tokenFrom: string): string {
  const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
  const what = err ? `${err.code ?? status}: ${err.message ?? ''}` : `HTTP ${status}`;
  const hint =
    status === 401
      ? ` (token from ${tokenFrom})`
      : status === 403
        ? ` (token from ${tokenFrom} has no admin scope)`
        : status === 412
          ? ' (the group changed since it was read; run the command again)'
          : '';
  return `${method} ${path} failed: ${what}${hint}`;
}

function exitFor(status: number): number {
  if (status === 401 || status === 403) return EXIT.noPerm;
  if (status === 400 || status === 404 || status === 409 || status === 412 || status === 413) return EXIT.dataErr;
  return EXIT.unavailable;
}

/** A path segment: group names and filter keys (`/etc/passwd/`) are URL-encoded. */
export const seg = (s: string): string => encodeURIComponent(s);
