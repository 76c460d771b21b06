/** Request shapes of `/eventlogs`. */
import { z } from 'zod';

const column = z.string().min(1).max(200);
const safeId = z.string().min(1).max(200).regex(/^[\w.:@-]+$/, 'invalid id');

export const csvMapping = z.strictObject({
  case: column,
  activity: column,
  timestamp: column.optional(),
  resource: column.optional(),
  role: column.optional(),
  department: column.optional(),
});

export const createLogBody = z
  .strictObject({
    name: z.string().min(1).max(200),
    format: z.enum(['xes', 'csv']),
    processId: safeId.optional(),
    version: z.number().int().min(1).optional(),
    touchpoint: safeId.optional(),
    mapping: csvMapping.optional(),
    separator: z.enum([',', ';', '\t', '|']).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.format === 'csv' && !b.mapping) ctx.addIssue({ code: 'custom', path: ['mapping'], message: 'a CSV log needs a column mapping' });
    if (b.format === 'xes' && b.mapping) ctx.addIssue({ code: 'custom', path: ['mapping'], message: 'only CSV logs take a column mapping' });
    if (b.version !== undefined && !b.processId) ctx.addIssue({ code: 'custom', path: ['version'], message: 'a version needs a processId' });
  });
export type CreateLogBody = z.infer<typeof createLogBody>;

export const engineLogBody = z.strictObject({
  name: z.string().min(1).max(200),
  processId: safeId,
  version: z.number().int().min(1).optional(),
  touchpoint: safeId.optional(),
});
export type EngineLogBody = z.infer<typeof engineLogBody>;

export const logListQuery = z.strictObject({
  processId: safeId.optional(),
  version: z.coerce.number().int().min(1).optional(),
  touchpoint: safeId.optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type LogListQuery = z.infer<typeof logListQuery>;

export const logParam = z.strictObject({ id: z.string().uuid('invalid event log id') });
