import type { SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';

/** A zod schema as an OpenAPI 3.0 schema object (what a client sends), for @ApiBody / @ApiOkResponse. */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as SchemaObject;
}
