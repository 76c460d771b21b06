/** Request schemas for business calendars (the shape of core/calendar's BusinessCalendar). */
import { z } from 'zod';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM (24:00 allowed as an end)');
const range = z.strictObject({ start: clock, end: clock });
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const calendarName = z.strictObject({ id: z.string().regex(/^[\w.-]{1,64}$/, 'letters, digits, _ . - (at most 64)') });

export const calendarBody = z.strictObject({
  name: z.string().min(1).max(200),
  timeZone: z.string().min(1).max(64),
  week: z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.array(range).max(8)).optional(),
  holidays: z.array(localDate).max(1000).optional(),
  extraWorkingDays: z.array(z.union([localDate, z.strictObject({ date: localDate, hours: z.array(range).max(8).optional() })])).max(1000).optional(),
  defaultHours: z.array(range).max(8).optional(),
  alwaysOpen: z.boolean().optional(),
});
