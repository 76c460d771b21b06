/** Request schemas for contact strategies. */
import { z } from 'zod';

export const strategyId = z.string().min(1).max(64).regex(/^[\w.-]+$/, 'letters, digits, dot, dash and underscore only');
const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'HH:MM');
const weekday = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6), z.literal(7)]);

/** The strategy itself, without id (the path or the create body names it). */
export const strategyFields = z.strictObject({
  name: z.string().min(1).max(200),
  channels: z.array(z.string().min(1).max(40)).min(1).max(10),
  attemptsPerChannel: z.number().int().min(1).max(100).optional(),
  timeZone: z.string().min(1).max(64),
  windows: z.array(z.strictObject({ weekdays: z.array(weekday).min(1).max(7), hours: z.array(z.strictObject({ start: hhmm, end: hhmm })).min(1).max(12) })).min(1).max(14),
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')).max(400).optional(),
  requiredSkills: z.array(z.string().min(1).max(60)).max(20).default([]),
  maxAttempts: z.number().int().min(1).max(50),
  retrySpacingMs: z.number().int().min(0).max(90 * 24 * 3_600_000),
});

export const createStrategyBody = strategyFields.extend({
  id: strategyId,
  template: z.boolean().default(false),
  note: z.string().max(1000).optional(),
});

export const updateStrategyBody = strategyFields.extend({
  template: z.boolean().optional(),
  /** Why it changed: required, it goes into the change log. */
  note: z.string().min(1).max(1000),
});

export const copyStrategyBody = z.strictObject({ id: strategyId, name: z.string().min(1).max(200).optional(), version: z.number().int().positive().optional() });

export const strategyQuery = z.strictObject({ template: z.enum(['true', 'false']).optional() });
export const versionParams = z.strictObject({ id: strategyId, version: z.coerce.number().int().positive() });
