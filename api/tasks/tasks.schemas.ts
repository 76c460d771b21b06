/** Request schemas for the task inbox. */
import { z } from 'zod';

const tag = z.string().min(1).max(100).regex(/^[\w.@-]+$/);

export const taskParam = z.strictObject({ id: z.string().min(1).max(300).regex(/^[\w.:@/-]+$/, 'invalid task id') });

export const inboxQuery = z.strictObject({
  status: z.enum(['open', 'completed', 'cancelled']).default('open'),
  assignee: tag.optional(),
  group: tag.optional(),
  skill: tag.optional(),
  caseId: z.string().max(200).regex(/^[\w.:@-]+$/).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const completeBody = z.strictObject({ data: z.record(z.string().max(100), z.unknown()).default({}) });
