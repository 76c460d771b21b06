/** Request schemas for cases and operator interventions. */
import { z } from 'zod';

export const caseParam = z.strictObject({ id: z.string().min(1).max(200).regex(/^[\w.:@-]+$/, 'invalid case id') });

export const caseListQuery = z.strictObject({
  processId: z.string().max(200).regex(/^[\w.:-]+$/).optional(),
  version: z.coerce.number().int().positive().optional(),
  touchpoint: z.string().max(120).regex(/^[\w-]+$/).optional(),
  status: z.enum(['running', 'completed', 'terminated', 'cancelled', 'failed']).optional(),
  customerId: z.string().max(100).regex(/^[\w.:@-]+$/).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const reason = z.string().trim().min(3, 'a reason is mandatory').max(1000);
const variables = z.record(z.string().max(100), z.unknown()).optional();

export const cancelBody = z.strictObject({ reason });
export const messageBody = z.strictObject({ name: z.string().min(1).max(200), correlationKey: z.string().max(200).optional(), variables });
export const signalBody = z.strictObject({ name: z.string().min(1).max(200), variables });
export const retryBody = z.strictObject({ incidentId: z.string().min(1).max(200), reason });
export const skipBody = z
  .strictObject({ tokenId: z.string().max(200).optional(), elementId: z.string().max(200).optional(), output: variables, reason })
  .refine((b) => b.tokenId || b.elementId, { message: 'tokenId or elementId is required', path: ['tokenId'] });
export const moveBody = z.strictObject({ tokenId: z.string().min(1).max(200), targetElementId: z.string().min(1).max(200), reason });

export const caseGetQuery = z.strictObject({
  /** `true`: also query the running workflow (exact, slower); default: the read model only. */
  live: z.enum(['true', 'false']).optional(),
});
