/** Request schemas for customer contacts. */
import type { Request } from 'express';
import { z } from 'zod';
import { fromZod } from '../errors';
import { code } from '../touchpoints/touchpoints.schemas';

export const idempotencyKey = z.string().min(8).max(200).regex(/^[\w.:@-]+$/, 'letters, digits and . : @ _ - only');

/** The request's `Idempotency-Key` header, validated (400 naming the header), or undefined when absent. */
export function idempotencyKeyHeader(req: Request): string | undefined {
  const header = req.get('idempotency-key');
  if (header === undefined) return undefined;
  const parsed = idempotencyKey.safeParse(header);
  if (!parsed.success) throw fromZod(parsed.error, 'header.Idempotency-Key');
  return parsed.data;
}

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
