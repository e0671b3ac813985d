import { BadRequestException, NotFoundException, PayloadTooLargeException, ServiceUnavailableException } from '@nestjs/common';
import { PolicyProblem } from '@fsmon/policy-domain';
import { RedisUnavailableError } from '@fsmon/redis';
import { ConcurrentUpdateError, StoredDataError } from '../store/stored-data.error';
import { AuthError, ProblemError, RequestShapeError } from './api.errors';
import { mapApiError } from './api-error.mapping';

describe(mapApiError.name, () => {
  it.each([
    ['a validation problem', new ProblemError(PolicyProblem.invalid('PATTERN_DOTDOT', 'm', { field: 'pattern' })), 400, 'VALIDATION_FAILED', { reason: 'PATTERN_DOTDOT', field: 'pattern' }],
    ['a missing group', new ProblemError(PolicyProblem.notFound('GROUP_NOT_FOUND', 'm')), 404, 'NOT_FOUND', { reason: 'GROUP_NOT_FOUND' }],
    ['a taken name', new ProblemError(PolicyProblem.conflict('GROUP_EXISTS', 'm')), 409, 'CONFLICT', { reason: 'GROUP_EXISTS' }],
    ['a stale ETag', new ProblemError(PolicyProblem.precondition('m', { etag: '"3"' })), 412, 'PRECONDITION_FAILED', { reason: 'ETAG_MISMATCH', etag: '"3"' }],
    ['no token', new AuthError('UNAUTHORIZED', 'm'), 401, 'UNAUTHORIZED', undefined],
    ['a read token', new AuthError('FORBIDDEN', 'm'), 403, 'FORBIDDEN', undefined],
    ['a bad body', new RequestShapeError('body', [{ path: 'name', message: 'x' }]), 400, 'VALIDATION_FAILED', { reason: 'BODY_INVALID' }],
    ['Redis down', new RedisUnavailableError('reconnecting', 'm'), 503, 'STORE_UNAVAILABLE', undefined],
    ['exhausted retries', new ConcurrentUpdateError(50), 409, 'CONCURRENT_UPDATE', undefined],
    ['corrupt data', new StoredDataError('k', 'd'), 500, 'STORED_DATA_INVALID', undefined],
    ['an unknown route', new NotFoundException('Cannot GET /x'), 404, 'NOT_FOUND', { reason: 'ROUTE_NOT_FOUND' }],
    ['malformed JSON (Nest)', new BadRequestException('Unexpected token'), 400, 'VALIDATION_FAILED', { reason: 'BODY_NOT_JSON' }],
    ['a large body (Nest)', new PayloadTooLargeException(), 413, 'PAYLOAD_TOO_LARGE', undefined],
    ['a large body (body-parser)', Object.assign(new Error('request entity too large'), { status: 413, expose: true, type: 'entity.too.large' }), 413, 'PAYLOAD_TOO_LARGE', { reason: 'entity.too.large' }],
    ['anything else', new Error('boom'), 500, 'INTERNAL', undefined],
  ])('maps %s', (_, error, status, code, details) => {
    const mapped = mapApiError(error);
    expect(mapped.status).toBe(status);
    expect(mapped.body?.error.code).toBe(code);
    if (details) expect(mapped.body?.error.details).toMatchObject(details);
  });

  it('never echoes an internal error message', () => {
    expect(mapApiError(new Error('secret detail')).body?.error.message).toBe('internal error');
  });

  it('passes a deliberate exception body through (the /health report)', () => {
    const mapped = mapApiError(new ServiceUnavailableException({ status: 'error', info: {} }));
    expect(mapped).toEqual({ status: 503 });
  });
});
