/** Request schemas for customer links. */
import { z } from 'zod';
import { answersBody, qCode } from '../questionnaires/questionnaires.schemas';

/** Header that carries the link token (never the URL: URLs end up in logs and proxies). */
export const LINK_HEADER = 'X-Customer-Link';

export const issueLinkBody = z.strictObject({
  planId: z.string().min(1).max(200),
  customerId: z.string().min(1).max(200),
  /** Defaults to the plan's questionnaire; when the plan names one, it must be that one. */
  questionnaireCode: qCode.optional(),
  /** Lifetime in hours: default 7 days, at most 30 days. */
  ttlHours: z.number().int().min(1).max(720).default(168),
});

export const linkAnswersBody = answersBody;
export const linkSubmitBody = answersBody.extend({ startedAt: z.number().int().optional() });
