/** Request schemas for plans. */
import { z } from 'zod';
import { feelSyntaxError } from '../../core/bpmn/feel-check';

const feelParses = (e: string): boolean => feelSyntaxError(e.trim().replace(/^=/, '')) === undefined;

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

/** `30s`, `15m`, `2h`, `1d`: the spacing of a recurring plan's occurrences. */
export const EVERY = /^(\d{1,6})(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** Milliseconds of an `every` spacing (validated by EVERY). */
export const everyMs = (every: string): number => {
  const m = EVERY.exec(every);
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : NaN;
};
const validZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/**
 * One-off, or recurring through a Temporal Schedule: a cron expression (5 fields, minute to
 * weekday) or a fixed spacing, in an IANA time zone (default UTC).
 */
export const cycleSchema = z
  .strictObject({
    kind: z.enum(['once', 'recurring']),
    cron: z.string().max(100).regex(/^\S+( \S+){4}$/, 'five fields: minute hour day-of-month month day-of-week').optional(),
    every: z.string().regex(EVERY, 'a number and a unit: 30s, 15m, 2h or 1d').refine((e) => everyMs(e) >= 1000, 'at least 1s').optional(),
    timeZone: z.string().max(64).refine(validZone, 'not an IANA time zone').optional(),
  })
  .superRefine((c, ctx) => {
    if (c.kind === 'recurring' && (c.cron === undefined) === (c.every === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['cron'], message: 'a recurring plan needs exactly one of cron or every' });
    }
    if (c.kind === 'once' && (c.cron !== undefined || c.every !== undefined || c.timeZone !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'a one-off plan takes no cron, every or timeZone' });
    }
  });

/** Extra conditions per target (see TargetConditions): declarative, plus an optional FEEL condition. */
export const conditionsSchema = z
  .strictObject({
    consent: z.array(z.enum(['sms', 'email', 'voice', 'marketing'])).min(1).max(4).optional(),
    segments: z.array(z.string().min(1).max(64)).min(1).max(50).optional(),
    notContactedWithinDays: z.number().int().min(1).max(3650).optional(),
    expression: z.string().min(1).max(2000).refine(feelParses, 'not a FEEL expression').optional(),
  })
  .refine((c) => Object.keys(c).length > 0, 'name at least one condition');

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
  cycle: cycleSchema.default({ kind: 'once' }),
  conditions: conditionsSchema.optional(),
  /** Most contacts in progress at once (the outbound channel limit). */
  concurrency: z.number().int().min(1).max(10_000),
  resultRequirements: z.array(z.string().min(1).max(200)).max(50).default([]),
  targets: z.union([z.strictObject({ customers: targetList }), z.strictObject({ query: customerQuery })]).optional(),
});

/**
 * What may change on a plan that has not started: its wording, priority, extra conditions (null
 * removes them), concurrency limit and result requirements. Targets have their own PUT; strategy,
 * service scheme and cycle are fixed once the plan exists.
 */
export const updatePlanBody = z
  .strictObject({
    name: z.string().min(1).max(200).optional(),
    description: z.string().max(4000).optional(),
    priority: z.number().int().min(0).max(100).optional(),
    conditions: conditionsSchema.nullable().optional(),
    concurrency: z.number().int().min(1).max(10_000).optional(),
    resultRequirements: z.array(z.string().min(1).max(200)).max(50).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'name at least one field to change');

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
