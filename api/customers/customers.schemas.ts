/** Request schemas for customer records. */
import { z } from 'zod';

const consent = z.strictObject({ sms: z.boolean(), email: z.boolean(), voice: z.boolean(), marketing: z.boolean() }).partial();
const phone = z.string().regex(/^\+?[\d -]{3,20}$/, 'a phone number');

export const customerBody = z.strictObject({
  id: z.string().min(1).max(100).regex(/^[\w.:@-]+$/),
  name: z.string().min(1).max(200),
  segment: z.string().regex(/^[A-Z0-9_]{1,32}$/).optional(),
  phones: z.array(phone).max(10).default([]),
  emails: z.array(z.email()).max(10).default([]),
  preferredLanguage: z.string().min(2).max(20).optional(),
  consent: consent.optional(),
});

export const customerPatch = customerBody.omit({ id: true }).partial();

export const customerListQuery = z.strictObject({
  segment: z.string().regex(/^[A-Z0-9_]{1,32}$/).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
