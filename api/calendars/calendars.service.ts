/**
 * Business calendars: stored by name, validated by core/calendar (time zone, hours, dates), and
 * handed to each case that names them, so its timers and due dates count working time.
 */
import mongoose, { type Connection } from 'mongoose';
import type { z } from 'zod';
import { calendarProblems, type BusinessCalendar } from '../../core/calendar';
import { calendars, type CalendarDoc } from '../../store/calendars';
import { appendAudit } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { AppError } from '../errors';
import type { calendarBody } from './calendars.schemas';

export function listCalendars(conn: Connection): Promise<CalendarDoc[]> {
  return calendars(conn).find({}).sort({ _id: 1 }).lean();
}

export async function getCalendar(conn: Connection, id: string): Promise<CalendarDoc> {
  const doc = await calendars(conn).findById(id).lean();
  if (!doc) throw AppError.notFound('calendar');
  return doc;
}

/** Creates or replaces a calendar; every fault core/calendar finds is named (422). */
export async function putCalendar(conn: Connection, id: string, body: z.infer<typeof calendarBody>, actor: Principal): Promise<{ doc: CalendarDoc; created: boolean }> {
  const { name, ...rest } = body;
  const calendar = { id, ...rest } as BusinessCalendar;
  const problems = calendarProblems(calendar);
  if (problems.length > 0) {
    throw AppError.unprocessable(
      `calendar ${id} is not valid: ${problems.join('; ')}`,
      problems.map((p) => ({ field: `body.${p.split(/[:[]/)[0]}`, message: p })),
    );
  }
  const before = await calendars(conn).findById(id).lean();
  const doc: CalendarDoc = { _id: id, name, calendar, updatedBy: actor.username, updatedAt: new Date() };
  await calendars(conn).replaceOne({ _id: id }, doc, { upsert: true });
  await appendAudit(conn, { actor: actor.username, action: before ? 'calendar.change' : 'calendar.create', target: id, before: before ?? undefined, after: doc });
  return { doc, created: !before };
}

export async function deleteCalendar(conn: Connection, id: string, actor: Principal): Promise<{ deleted: string }> {
  const before = await calendars(conn).findById(id).lean();
  if (!before) throw AppError.notFound('calendar');
  await calendars(conn).deleteOne({ _id: id });
  await appendAudit(conn, { actor: actor.username, action: 'calendar.delete', target: id, before });
  return { deleted: id };
}

/** Every calendar name a compiled graph refers to (timers, due dates, SLAs: any `calendar` field). */
export function calendarNamesIn(graphs: unknown[]): string[] {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'calendar' && typeof x === 'string') names.add(x);
        else walk(x);
      }
    }
  };
  graphs.forEach(walk);
  return [...names].sort();
}

/** The stored calendars a case of these graphs needs, by name (names not stored are left out). */
export async function calendarsFor(conn: Connection, graphs: unknown[]): Promise<Record<string, BusinessCalendar> | undefined> {
  const names = calendarNamesIn(graphs);
  if (names.length === 0) return undefined;
  const docs = await calendars(conn).find({ _id: mongoose.trusted({ $in: names }) }).lean();
  return docs.length ? Object.fromEntries(docs.map((d) => [d._id, d.calendar])) : undefined;
}
