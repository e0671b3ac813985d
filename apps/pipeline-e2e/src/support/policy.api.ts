/** One answer of the admin API. */
export interface ApiAnswer<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/**
 * The policy app's admin API over HTTP, as curl would call it: `Authorization: Bearer <token>`,
 * JSON bodies. Never throws on an HTTP status (tests assert it); every call is bounded.
 */
export class PolicyApi {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  get<T = unknown>(path: string): Promise<ApiAnswer<T>> {
    return this.call<T>('GET', path);
  }

  post<T = unknown>(path: string, body: unknown): Promise<ApiAnswer<T>> {
    return this.call<T>('POST', path, body);
  }

  put<T = unknown>(path: string, body: unknown): Promise<ApiAnswer<T>> {
    return this.call<T>('PUT', path, body);
  }

  /** Like the others, but rejects with the answer unless the status is 2xx. */
  async ok<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const a = await this.call<T>(method, path, body);
    if (a.status < 200 || a.status > 299) throw new Error(`${method} ${path} → ${a.status}: ${JSON.stringify(a.body)}`);
    return a.body;
  }

  /**
   * A change (2xx required) and the policy revision it made (`X-Policy-Revision`), to wait for a
   * collector to apply it.
   */
  async change<T = unknown>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<{ body: T; revision: number }> {
    const a = await this.call<T>(method, path, body);
    if (a.status < 200 || a.status > 299) throw new Error(`${method} ${path} → ${a.status}: ${JSON.stringify(a.body)}`);
    const revision = Number(a.headers.get('x-policy-revision'));
    if (!Number.isInteger(revision)) throw new Error(`${method} ${path}: no X-Policy-Revision header`);
    return { body: a.body, revision };
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }
}
