/** Request schemas for customer contacts. */
import { z } from 'zod';
import { code } from '../touchpoints/touchpoints.schemas';

export const idempotencyKey = z.string().min(8).max(200).regex(/^[\w.:@-]+$/, 'letters, digits and . : @ _ - only');

export const contactBody = z.strictObject({
  customerId: z.string().min(1).max(100).regex(/^[\w.:@-]+$/),
  business: code,
  channel: code,
  segment: code.optional(),
  payload: z.record(z.string().max(100), z.unknown()).default({}),
  idempotencyKey: idempotencyKey.optional(),
});

export const contactResult = z.object({
  caseId: z.string(),
  contactId: z.string(),
  touchpoint: z.string(),
  definitionId: z.string(),
  created: z.boolean(),
  links: z.record(z.string(), z.string()),
});
