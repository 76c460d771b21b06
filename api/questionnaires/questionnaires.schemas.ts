/** Request schemas for questionnaires and answer sheets. */
import { z } from 'zod';

export const qCode = z.string().min(1).max(64).regex(/^[\w.-]+$/, 'letters, digits, dot, dash and underscore only');
const qid = z.string().min(1).max(64);

const option = z.strictObject({ code: z.string().min(1).max(64), text: z.string().min(1).max(500), next: qid.optional() });
export const question = z.strictObject({
  id: qid,
  number: z.number().int().min(0).max(10_000),
  text: z.string().min(1).max(2000),
  type: z.enum(['single', 'multiple', 'open']),
  required: z.boolean().default(false),
  options: z.array(option).max(50).optional(),
  next: qid.optional(),
  minChoices: z.number().int().min(0).optional(),
  maxChoices: z.number().int().min(1).optional(),
});
const validity = z.strictObject({
  minAnswered: z.number().int().min(0).optional(),
  maxDurationMs: z.number().int().min(0).optional(),
  minDurationMs: z.number().int().min(0).optional(),
  requireComplete: z.boolean().optional(),
});

export const questionnaireFields = z.strictObject({
  name: z.string().min(1).max(200),
  purpose: z.string().max(1000).optional(),
  summary: z.string().max(4000).optional(),
  provider: z.strictObject({ department: z.string().min(1).max(200), designer: z.string().min(1).max(200) }),
  validFrom: z.number().int().optional(),
  validUntil: z.number().int().optional(),
  questions: z.array(question).max(500),
  validity: validity.optional(),
});
export const createQuestionnaireBody = questionnaireFields.extend({ code: qCode });

export const codeParam = z.strictObject({ code: qCode });
export const listQuery = z.strictObject({ status: z.enum(['active', 'archived']).optional(), q: z.string().max(100).optional() });
export const reorderBody = z.strictObject({ questionIds: z.array(qid).min(1).max(500), keepFlow: z.boolean().optional() });
export const copyBody = z.strictObject({ from: qCode, questionIds: z.array(qid).max(500).optional() });
export const answersBody = z.strictObject({
  answers: z.array(z.strictObject({ questionId: qid, options: z.array(z.string().max(64)).max(50).optional(), text: z.string().max(4000).optional() })).max(500),
});
export const sheetBody = answersBody.extend({
  id: z.string().min(1).max(100).regex(/^[\w.:-]+$/),
  respondent: z.string().min(1).max(200),
  planId: z.string().max(200).optional(),
  startedAt: z.number().int().optional(),
  answeredAt: z.number().int(),
});
export const statsQuery = z.strictObject({ planId: z.string().max(200).optional(), validOnly: z.enum(['true', 'false']).optional() });
