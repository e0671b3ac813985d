import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type SchemaObject } from '@nestjs/swagger';

const ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object', additionalProperties: true } },
    },
  },
};

const MEANING: Record<number, string> = {
  400: 'VALIDATION_FAILED (details.reason: BODY_INVALID, GROUP_NAME_INVALID, PATTERN_DOTDOT, REGEX_UNSAFE, ...)',
  404: 'NOT_FOUND (details.reason: GROUP_NOT_FOUND, FILTER_NOT_FOUND, ACCESS_RULE_NOT_FOUND, COLLECTOR_NOT_FOUND)',
  409: 'CONFLICT (GROUP_EXISTS, FILTER_EXISTS) or CONCURRENT_UPDATE',
  412: 'PRECONDITION_FAILED: If-Match is not the group\'s current ETag (details.etag)',
  413: 'PAYLOAD_TOO_LARGE',
  503: 'STORE_UNAVAILABLE: Redis is down; retry',
};

/** Documents the JSON error responses a route can give (always also 503). */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...[...new Set([...statuses, 503])].map((status) => ApiResponse({ status, description: MEANING[status] ?? String(status), schema: ERROR_SCHEMA })));
}
