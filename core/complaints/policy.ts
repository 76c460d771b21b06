/** The default complaint policy: calendars, SLA deadlines, classification rules, departments. */
import type { BusinessCalendar } from '../calendar';
import type { ClockSpec, ComplaintPolicy, Priority } from './types';

const HOUR = 3_600_000;
const DAY9 = [{ start: '09:00', end: '18:00' }];

/** 09:00–18:00, Monday to Saturday, Asia/Shanghai. */
export const SERVICE_CENTRE_CALENDAR: BusinessCalendar = {
  id: 'service-centre',
  timeZone: 'Asia/Shanghai',
  week: { 1: DAY9, 2: DAY9, 3: DAY9, 4: DAY9, 5: DAY9, 6: DAY9 },
  holidays: [],
};

/** The 24-hour duty line for urgent cases. */
export const DUTY_LINE_CALENDAR: BusinessCalendar = { id: 'duty-line', timeZone: 'Asia/Shanghai', alwaysOpen: true };

export const DEFAULT_POLICY: ComplaintPolicy = {
  rules: [
    { when: 'matches(lower case(text), "(fraud|stolen|outage|not working at all)")', kind: 'complaint', category: 'security', priority: 'urgent' },
    { when: 'matches(lower case(text), "(bill|charge|refund|invoice|fee)")', kind: 'complaint', category: 'billing', priority: 'high' },
    { when: 'matches(lower case(text), "(complain|unacceptable|angry|rude|broken)")', kind: 'complaint', category: 'service', priority: 'normal' },
    { when: 'matches(lower case(text), "(suggest|would be nice|please add|idea)")', kind: 'suggestion', category: 'product', priority: 'low' },
    { when: 'matches(lower case(text), "(think|opinion|feel that)")', kind: 'opinion', category: 'general', priority: 'low' },
  ],
  fallback: { kind: 'consultation', category: 'general', priority: 'normal' },
  departments: { security: 'security-desk', billing: 'billing', service: 'customer-service', product: 'product', '*': 'customer-service' },
  sla: {
    replyByChannel: { email: 24 * HOUR, sms: 24 * HOUR, web: 24 * HOUR, app: 24 * HOUR, voice: 8 * HOUR },
    resolution: { urgent: 4 * HOUR, high: 2 * 9 * HOUR, normal: 5 * 9 * HOUR, low: 10 * 9 * HOUR },
    warnFraction: 0.75,
    calendar: SERVICE_CENTRE_CALENDAR,
    calendarByPriority: { urgent: DUTY_LINE_CALENDAR },
  },
  reopenWindow: 'P7D',
  surveyTimeout: 'P3D',
  satisfiedFrom: 3,
};

/** The calendar for a priority. */
export function calendarFor(policy: ComplaintPolicy, priority: Priority): BusinessCalendar {
  return policy.sla.calendarByPriority?.[priority] ?? policy.sla.calendar;
}

/** Reply and resolution clocks for a complaint received on `channel` with `category`/`priority`. */
export function clocksFor(policy: ComplaintPolicy, channel: string, category: string, priority: Priority): ClockSpec[] {
  const reply = policy.sla.replyByChannel[channel] ?? policy.sla.replyByChannel.email ?? 24 * HOUR;
  const resolution = policy.sla.resolution[`${category}/${priority}`] ?? policy.sla.resolution[priority] ?? 5 * 9 * HOUR;
  return [
    { name: 'reply', durationMs: reply, warnFraction: policy.sla.warnFraction },
    { name: 'resolution', durationMs: resolution, warnFraction: policy.sla.warnFraction },
  ];
}
