import { FilterBehavior, PolicyMode } from '@fsmon/contracts';
import { z } from 'zod';

// Bounds here only stop absurd input; the domain checks the real limits and names them
// (PATTERN_TOO_LONG, APPS_TOO_MANY, ...).
const app = z.string().max(16_384);

/** POST /groups/:name/filters, and each entry of PUT /groups/:name/profile. */
export const FilterRequest = z
  .object({
    /** User pattern: `/dir/file`, `/dir/*.ext`, `/dir/*\/sub/*` (a trailing `/` means `/*`). */
    pattern: z.string().max(16_384).optional(),
    /** Raw form instead of `pattern`: the regex-escaped base path... */
    path: z.string().max(16_384).optional(),
    /** ...and the file-name regex (safe subset: literals, `\`-escapes, `.*`); empty for one file. */
    regex: z.string().max(16_384).optional(),
    recursive: z.boolean().optional(),
    behavior: FilterBehavior.optional(),
    apps: z.array(app).max(4096).optional(),
    failMode: z.enum(['open', 'closed']).optional(),
  })
  .strict();
export type FilterRequest = z.infer<typeof FilterRequest>;

/** PATCH /groups/:name/filters/:key */
export const FilterPatchRequest = z.object({ recursive: z.boolean().optional(), behavior: FilterBehavior.optional() }).strict();
export type FilterPatchRequest = z.infer<typeof FilterPatchRequest>;

/** PUT /groups/:name/profile: the customer filters replace the current ones; predefined ones stay. */
export const ProfileRequest = z.object({ mode: PolicyMode.optional(), filters: z.array(FilterRequest).max(2048) }).strict();
export type ProfileRequest = z.infer<typeof ProfileRequest>;

/** PUT /groups/:name/access-rules/:key */
export const AccessRequest = z.object({ apps: z.array(app).max(4096), failMode: z.enum(['open', 'closed']).optional() }).strict();
export type AccessRequest = z.infer<typeof AccessRequest>;

/** GET /audit */
export const AuditQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    /** Entries older than this stream id (from a previous page). */
    before: z.string().regex(/^\d+-\d+$/).optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuery>;
