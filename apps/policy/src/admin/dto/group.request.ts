import { GroupSelector, PolicyMode } from '@fsmon/contracts';
import { z } from 'zod';

/** POST /groups */
export const CreateGroupRequest = z
  .object({
    /** Letters, digits, `.`, `_`, `-` (checked by the domain, which names the problem). */
    name: z.string().max(256),
    selector: GroupSelector.partial().optional(),
    mode: PolicyMode.optional(),
  })
  .strict();
export type CreateGroupRequest = z.infer<typeof CreateGroupRequest>;

/** PATCH /groups/:name */
export const UpdateGroupRequest = z.object({ selector: GroupSelector.partial() }).strict();
export type UpdateGroupRequest = z.infer<typeof UpdateGroupRequest>;

/** PUT /groups/:name/mode */
export const ModeRequest = z.object({ mode: PolicyMode }).strict();
export type ModeRequest = z.infer<typeof ModeRequest>;
