import type { Principal } from '../auth/token-authority';

/** The parts of Express's request the API uses (@types/express is not installed). */
export interface HttpRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Set by BearerAuthGuard. */
  principal?: Principal;
}

/** The parts of Express's response the API uses. */
export interface HttpResponse {
  setHeader(name: string, value: string): unknown;
  status(code: number): HttpResponse;
  json(body: unknown): unknown;
}
