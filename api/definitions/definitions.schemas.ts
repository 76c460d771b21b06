/** Request schemas for process definitions. */
import { z } from 'zod';

export const deployJsonBody = z.strictObject({
  xml: z.string().min(1),
  note: z.string().max(2000).optional(),
});

export const deployFields = z.strictObject({ note: z.string().max(2000).optional() });

export const listQuery = z.strictObject({
  processId: z.string().max(200).regex(/^[\w.:-]+$/).optional(),
  includeRetired: z.enum(['true', 'false']).optional(),
});

export const compareParams = z.strictObject({ processId: z.string().min(1).max(200).regex(/^[\w.:-]+$/) });
export const compareQuery = z.strictObject({
  from: z.coerce.number().int().positive(),
  to: z.coerce.number().int().positive(),
});

export const definitionSummary = z.object({
  _id: z.string(),
  processId: z.string(),
  name: z.string().optional(),
  version: z.number().int(),
  xmlHash: z.string(),
  author: z.string(),
  note: z.string().optional(),
  retired: z.boolean(),
});
