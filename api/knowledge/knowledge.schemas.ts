/** Request schemas of `/knowledge`. */
import { z } from 'zod';

const business = z.string().min(1).max(100).regex(/^[\w-]+$/, 'letters, digits, _ and - only');

export const approveBody = z.strictObject({
  /** Defaults to the complaint's text. */
  question: z.string().min(1).max(2000).optional(),
  /** Defaults to the last reply sent. */
  answer: z.string().min(1).max(10_000).optional(),
  /** Defaults to the complaint's business, else its category. */
  business: business.optional(),
});

export const searchQuery = z.strictObject({
  q: z.string().min(1).max(500),
  business: business.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const listQuery = z.strictObject({
  business: business.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
});
