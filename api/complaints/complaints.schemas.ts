/** Request and response schemas of `/complaints`. */
import { z } from 'zod';
import { CHANNELS } from '../../activities/channels/types';
import { COMPLAINT_STATUSES, CONTACT_KINDS, PRIORITIES, SLA_STATES } from '../../core/complaints/types';
import { idempotencyKey } from '../contacts/contacts.schemas';

const safeId = z.string().min(1).max(100).regex(/^[\w.:@-]+$/, 'letters, digits and . : @ _ - only');

export const submitBody = z.strictObject({
  customerId: safeId,
  channel: z.enum(CHANNELS),
  text: z.string().min(1).max(10_000),
  subject: z.string().max(300).optional(),
  business: z.string().max(100).optional(),
  /** Reply on another channel than the one used (the customer's preference). */
  replyChannel: z.enum(CHANNELS).optional(),
  /** Address to reply to; defaults to the customer's e-mail or phone on record. */
  replyTo: z.string().min(1).max(200).optional(),
  /** The agent's classification, overriding the rules field by field. */
  overrideKind: z.enum(CONTACT_KINDS).optional(),
  overrideCategory: z.string().min(1).max(60).regex(/^[\w-]+$/).optional(),
  overridePriority: z.enum(PRIORITIES).optional(),
  idempotencyKey: idempotencyKey.optional(),
});
export type SubmitBody = z.infer<typeof submitBody>;

export const submitResult = z.object({ complaintId: z.string(), created: z.boolean(), definitionId: z.string(), links: z.record(z.string(), z.string()) });

export const listQuery = z.strictObject({
  status: z.enum(COMPLAINT_STATUSES).optional(),
  slaState: z.enum(SLA_STATES).optional(),
  department: z.string().max(60).regex(/^[\w-]+$/).optional(),
  channel: z.enum(CHANNELS).optional(),
  customerId: safeId.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  skip: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type ListQuery = z.infer<typeof listQuery>;

export const replyBody = z.strictObject({
  replyText: z.string().min(1).max(10_000).optional(),
  needCustomerInfo: z.boolean().optional(),
  question: z.string().min(1).max(2000).optional(),
  /** The agent's classification override (applied by the Reclassify step after handling; the category is checked there against the policy). */
  overrideKind: z.enum(CONTACT_KINDS).optional(),
  overrideCategory: z.string().trim().min(1).max(60).regex(/^[\w-]+$/, 'letters, digits, - and _').optional(),
  overridePriority: z.enum(PRIORITIES).optional(),
});

export const customerInfoBody = z.strictObject({ text: z.string().min(1).max(10_000) });
export const surveyBody = z.strictObject({ score: z.number().int().min(1).max(5), comment: z.string().max(2000).optional() });
export const reopenBody = z.strictObject({ reason: z.string().min(1).max(2000) });

export const monthQuery = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
  department: z.string().max(60).regex(/^[\w-]+$/).optional(),
});

/** Stored summaries: one month, or the latest months (newest first). */
export const summariesQuery = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM').optional(),
  department: z.string().max(60).regex(/^[\w-]+$/).optional(),
  limit: z.coerce.number().int().min(1).max(120).default(12),
});
export type SummariesQuery = z.infer<typeof summariesQuery>;

export const complaintView = z.object({
  id: z.string(),
  customerId: z.string(),
  channel: z.string(),
  replyChannel: z.string(),
  replyTo: z.string(),
  status: z.string(),
  slaState: z.string(),
  kind: z.string().optional(),
  category: z.string().optional(),
  priority: z.string().optional(),
  department: z.string().optional(),
  owner: z.string().optional(),
  round: z.number(),
  receivedAt: z.string(),
  closedAt: z.string().optional(),
});
