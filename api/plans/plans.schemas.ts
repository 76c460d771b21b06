/** Request schemas for plans. */
import { z } from 'zod';

export const planCode = z.string().min(1).max(64).regex(/^[\w.-]+$/, 'letters, digits, dot, dash and underscore only');
const customerId = z.string().min(1).max(200).regex(/^[\w.:@-]+$/, 'invalid customer id');
const instant = z.iso.datetime({ offset: true });

export const targetList = z.array(z.strictObject({ customerId, priority: z.number().int().min(-1000).max(1000).optional() })).max(100_000);
export const customerQuery = z.strictObject({
  segment: z.string().min(1).max(64).optional(),
  /** Customers who consented to this channel. */
  consent: z.enum(['sms', 'email', 'voice', 'marketing']).optional(),
  limit: z.number().int().min(1).max(1_000_000).optional(),
});

const satisfaction = z.strictObject({
  questionId: z.string().min(1).max(64),
  scores: z.record(z.string().max(64), z.number()),
  satisfiedAtLeast: z.number(),
});

export const createPlanBody = z.strictObject({
  code: planCode,
  name: z.string().min(1).max(200),
  description: z.string().max(4000).optional(),
  strategyId: z.string().min(1).max(64),
  /** Pin a strategy version; default: the latest when the plan is created. */
  strategyVersion: z.number().int().positive().optional(),
  service: z
    .strictObject({
      /** BPMN process id run for each reached customer (latest version unless pinned). */
      processId: z.string().min(1).max(200).regex(/^[\w.:-]+$/).optional(),
      version: z.number().int().positive().optional(),
      questionnaireCode: z.string().min(1).max(64).optional(),
      onFailure: z.enum(['none', 'follow-up', 'complaint']).optional(),
      content: z.string().max(4000).optional(),
      satisfaction: satisfaction.optional(),
    })
    .default({}),
  priority: z.number().int().min(0).max(100).default(0),
  startAt: instant.optional(),
  endAt: instant.optional(),
  cycle: z.strictObject({ kind: z.enum(['once', 'recurring']), cron: z.string().max(100).optional() }).default({ kind: 'once' }),
  conditions: z.string().max(2000).optional(),
  /** Most contacts in progress at once (the outbound channel limit). */
  concurrency: z.number().int().min(1).max(10_000),
  resultRequirements: z.array(z.string().min(1).max(200)).max(50).default([]),
  targets: z.union([z.strictObject({ customers: targetList }), z.strictObject({ query: customerQuery })]).optional(),
});

export const planIdParam = z.strictObject({ id: planCode });
export const contactParams = z.strictObject({ id: planCode, customerId });
export const actorBody = z.strictObject({ reason: z.string().max(1000).optional() });
export const interveneBody = z.strictObject({ action: z.enum(['attempt-now', 'stop']), reason: z.string().min(1).max(1000) });
export const followUpBody = z.strictObject({
  code: planCode,
  name: z.string().min(1).max(200).optional(),
  include: z.array(z.enum(['not-reached', 'not-completed', 'not-satisfied'])).min(1).default(['not-reached', 'not-satisfied']),
});
export const listQuery = z.strictObject({ status: z.enum(['created', 'started', 'paused', 'finished', 'cancelled']).optional() });
