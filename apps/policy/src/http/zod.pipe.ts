import { type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { RequestShapeError } from './api.errors';

/** Validates a body or query against a zod schema at the controller edge (400 BODY_INVALID). */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly where: 'body' | 'query' = 'body',
  ) {}

  transform(value: unknown): z.infer<S> {
    const parsed = this.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new RequestShapeError(
      this.where,
      parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
}
