/**
 * Choosing the agent who owns a complaint: agents of the responsible department holding its
 * skills; the agent who last handled this customer when that agent is available (sticky routing);
 * otherwise the one with the fewest open complaints. The customer's last handler and each agent's open
 * complaints are read by key (store/complaint-routing.ts), never by scanning the complaints.
 */
import type { Connection } from 'mongoose';
import { localDateOf, zoneOffsetMs } from '../../core/calendar';
import { weekdayOf } from '../../core/calendar/zone';
import { lastOwnerOf, openComplaintCounts } from '../../store/complaint-routing';
import { users, type UserDoc } from '../../store/users';

/** Whether the user's duty calendar (if any) puts them on duty at `now`. */
export function onDuty(u: Pick<UserDoc, 'dutyCalendar'>, now: number): boolean {
  const cal = u.dutyCalendar;
  if (!cal || cal.rules.length === 0) return true;
  const date = localDateOf(cal.timeZone, now);
  const local = new Date(now + zoneOffsetMs(cal.timeZone, now));
  const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
  const toMin = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  return cal.rules.some((r) => r.weekdays.includes(weekdayOf(date)) && toMin(r.from) <= minutes && minutes < toMin(r.to));
}

export interface Assignment {
  assignee?: string;
  reason: 'sticky' | 'least-loaded' | 'none';
}

export async function chooseAgent(
  db: Connection,
  opts: { complaintId: string; customerId: string; department: string; skills: string[]; now: number; preferred?: string },
): Promise<Assignment> {
  const agents = await users(db)
    .find({ roles: 'agent', department: opts.department, disabled: false }, { _id: 1, skills: 1, dutyCalendar: 1 })
    .lean();
  const able = agents.filter((a) => opts.skills.every((s) => a.skills.includes(s)));
  const available = able.filter((a) => onDuty(a, opts.now));
  if (available.length === 0) return { reason: 'none' };

  const lastOwner = opts.preferred ?? (await lastOwnerOf(db, opts.customerId));
  if (lastOwner && available.some((a) => a._id === lastOwner)) return { assignee: lastOwner, reason: 'sticky' };

  const load = await openComplaintCounts(db, available.map((a) => a._id));
  const best = [...load.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0];
  return { assignee: best[0], reason: 'least-loaded' };
}
