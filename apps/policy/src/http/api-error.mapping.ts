import { HttpException } from '@nestjs/common';
import type { PolicyProblemCode } from '@fsmon/policy-domain';
import { RedisUnavailableError } from '@fsmon/redis';
import { ConcurrentUpdateError, StoredDataError } from '../store/stored-data.error';
import { AuthError, ProblemError, RequestShapeError } from './api.errors';

/** The JSON body of every error the API returns. `code` is stable; `details.reason` refines it. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export interface MappedError {
  status: number;
  /** undefined: pass the exception's own body through (e.g. Terminus's /health report). */
  body?: ApiErrorBody;
  headers?: Record<string, string>;
  /** An unexpected error: log it with its stack. */
  unexpected?: boolean;
}

const PROBLEM_STATUS: Record<PolicyProblemCode, number> = { VALIDATION_FAILED: 400, NOT_FOUND: 404, CONFLICT: 409, PRECONDITION_FAILED: 412 };

const STATUS_CODES: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

const body = (code: string, message: string, details?: Record<string, unknown>): ApiErrorBody => ({ error: { code, message, ...(details ? { details } : {}) } });

/** Maps anything thrown while serving a request to its status and JSON error body. */
export function mapApiError(e: unknown): MappedError {
  if (e instanceof ProblemError) {
    const { code, reason, message, details } = e.problem;
    return { status: PROBLEM_STATUS[code], body: body(code, message, { reason, ...details }) };
  }
  if (e instanceof AuthError) {
    return { status: e.code === 'UNAUTHORIZED' ? 401 : 403, body: body(e.code, e.message), headers: e.code === 'UNAUTHORIZED' ? { 'WWW-Authenticate': 'Bearer' } : {} };
  }
  if (e instanceof RequestShapeError) return { status: 400, body: body('VALIDATION_FAILED', e.message, { reason: 'BODY_INVALID', where: e.where, issues: e.issues }) };
  if (e instanceof RedisUnavailableError) {
    return { status: 503, body: body('STORE_UNAVAILABLE', `the policy store (Redis) is unavailable, retry shortly: ${e.message}`), headers: { 'Retry-After': '1' } };
  }
  if (e instanceof ConcurrentUpdateError) return { status: 409, body: body(e.code, e.message) };
  if (e instanceof StoredDataError) return { status: 500, body: body(e.code, e.message), unexpected: true };
  if (e instanceof HttpException) return mapHttpException(e);
  const client = clientError(e);
  if (client) return client;
  return { status: 500, body: body('INTERNAL', 'internal error'), unexpected: true };
}

/** body-parser's errors (http-errors): 413 entity.too.large, 400 entity.parse.failed, 415 ... */
function clientError(e: unknown): MappedError | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const { status, expose, type, message } = e as { status?: unknown; expose?: unknown; type?: unknown; message?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true) return undefined;
  const reason = type === 'entity.parse.failed' ? 'BODY_NOT_JSON' : typeof type === 'string' ? type : undefined;
  return { status, body: body(STATUS_CODES[status] ?? `HTTP_${status}`, String(message), reason ? { reason } : undefined) };
}

function mapHttpException(e: HttpException): MappedError {
  const status = e.getStatus();
  const response = e.getResponse();
  // Nest's own exceptions have { statusCode, message }; anything else is a deliberate body.
  if (typeof response === 'object' && !('statusCode' in response)) return { status };
  const code = STATUS_CODES[status] ?? `HTTP_${status}`;
  const details = status === 400 ? { reason: 'BODY_NOT_JSON' } : status === 404 ? { reason: 'ROUTE_NOT_FOUND' } : undefined;
  return { status, body: body(code, e.message, details) };
}
