import {
  addBusinessDuration,
  type BusinessCalendar,
  businessTimeBetween,
  CalendarError,
  calendarFromWindows,
  isWorkingTime,
  nextWorkingInstant,
  validateCalendar,
  workingWindows,
} from '../../../core/calendar';

const H = 3_600_000;
const at = (iso: string): number => Date.parse(iso);
const nineToSix = [{ start: '09:00', end: '18:00' }];

/** 09:00–18:00 Monday–Saturday in Shanghai (UTC+8, no DST), Monday 2026-11-30 a holiday. */
const centre: BusinessCalendar = {
  id: 'centre',
  timeZone: 'Asia/Shanghai',
  week: { 1: nineToSix, 2: nineToSix, 3: nineToSix, 4: nineToSix, 5: nineToSix, 6: nineToSix },
  holidays: ['2026-11-30'],
};

/** 09:00–18:00 Monday–Friday in Berlin (CET/CEST). */
const berlin: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  week: { 1: nineToSix, 2: nineToSix, 3: nineToSix, 4: nineToSix, 5: nineToSix },
};

const dutyLine: BusinessCalendar = { timeZone: 'Europe/Berlin', alwaysOpen: true };

describe('business calendar', () => {
  describe('isWorkingTime', () => {
    it('when inside 09:00–18:00 local on a working day, then working', () => {
      expect(isWorkingTime(centre, at('2026-11-27T09:00:00+08:00'))).toBe(true);
      expect(isWorkingTime(centre, at('2026-11-27T17:59:59+08:00'))).toBe(true);
    });
    it('when at closing time, on a rest day or on a holiday, then not working', () => {
      expect(isWorkingTime(centre, at('2026-11-27T18:00:00+08:00'))).toBe(false);
      expect(isWorkingTime(centre, at('2026-11-29T10:00:00+08:00'))).toBe(false); // Sunday
      expect(isWorkingTime(centre, at('2026-11-30T10:00:00+08:00'))).toBe(false); // holiday Monday
    });
    it('when the calendar is a 24-hour line, then always working', () => {
      expect(isWorkingTime(dutyLine, at('2026-12-25T03:00:00Z'))).toBe(true);
    });
  });

  describe('nextWorkingInstant', () => {
    it('when Saturday 20:00 under Mon–Fri 09–18, then Monday 09:00', () => {
      // Sat 2026-11-28 20:00 CET -> Mon 2026-11-30 09:00 CET = 08:00Z
      expect(nextWorkingInstant(berlin, at('2026-11-28T20:00:00+01:00'))).toBe(at('2026-11-30T08:00:00Z'));
    });
    it('when that Monday is a holiday, then Tuesday 09:00', () => {
      const cal = { ...berlin, holidays: ['2026-11-30'] };
      expect(nextWorkingInstant(cal, at('2026-11-28T20:00:00+01:00'))).toBe(at('2026-12-01T08:00:00Z'));
    });
    it('when already working time, then the instant itself', () => {
      const t = at('2026-11-27T10:15:00+01:00');
      expect(nextWorkingInstant(berlin, t)).toBe(t);
    });
    it('when an extra working Sunday is given, then it opens', () => {
      const cal = { ...berlin, extraWorkingDays: ['2026-11-29'] };
      expect(nextWorkingInstant(cal, at('2026-11-28T20:00:00+01:00'))).toBe(at('2026-11-29T08:00:00Z'));
    });
  });

  describe('addBusinessDuration', () => {
    it('when a complaint arrives Friday 17:30 with 24 business hours under Mon–Sat 09–18 and a Monday holiday, then Wednesday 14:30', () => {
      // Fri 27th 17:30-18:00 = 0.5 h (23.5 left); Sat 28th 9 h (14.5 left); Sun rest; Mon 30th holiday;
      // Tue 1 Dec 9 h (5.5 left); Wed 2 Dec 09:00 + 5.5 h = 14:30 +08:00 = 06:30Z.
      expect(addBusinessDuration(centre, at('2026-11-27T17:30:00+08:00'), 24 * H)).toBe(at('2026-12-02T06:30:00Z'));
    });
    it('when the duration exactly fills the day, then it ends at closing time', () => {
      expect(addBusinessDuration(centre, at('2026-11-27T09:00:00+08:00'), 9 * H)).toBe(at('2026-11-27T18:00:00+08:00'));
    });
    it('when crossing the spring-forward weekend in Berlin, then the wall clock is respected', () => {
      // Fri 2026-03-27 17:00 CET (16:00Z) + 2 h: 1 h on Friday, 1 h on Mon 30 Mar from 09:00 CEST (07:00Z) -> 08:00Z.
      expect(addBusinessDuration(berlin, at('2026-03-27T16:00:00Z'), 2 * H)).toBe(at('2026-03-30T08:00:00Z'));
    });
    it('when a 24-hour line crosses the DST jump, then elapsed time equals business time', () => {
      // Sat 2026-03-28 23:00 CET = 22:00Z; + 3 h = 2026-03-29T01:00Z (03:00 CEST).
      expect(addBusinessDuration(dutyLine, at('2026-03-28T22:00:00Z'), 3 * H)).toBe(at('2026-03-29T01:00:00Z'));
    });
    it('when the duration is negative, then a CalendarError', () => {
      expect(() => addBusinessDuration(centre, 0, -1)).toThrow(CalendarError);
    });
  });

  describe('businessTimeBetween', () => {
    it('when a clock is paused from Friday 17:00 to Tuesday 10:00 with a Monday holiday, then 11 business hours', () => {
      // Fri 17-18 = 1 h, Sat 9 h, Sun rest, Mon holiday, Tue 09-10 = 1 h => 11 h.
      expect(businessTimeBetween(centre, at('2026-11-27T17:00:00+08:00'), at('2026-12-01T10:00:00+08:00'))).toBe(
        11 * H,
      );
    });
    it('when the deadline is moved by the paused business time, then adding it back gives the same instant', () => {
      const start = at('2026-11-27T17:30:00+08:00');
      const due = addBusinessDuration(centre, start, 24 * H);
      expect(businessTimeBetween(centre, start, due)).toBe(24 * H);
    });
    it('when b is before a, then negative', () => {
      expect(businessTimeBetween(centre, at('2026-11-27T12:00:00+08:00'), at('2026-11-27T10:00:00+08:00'))).toBe(
        -2 * H,
      );
    });
    it('when the 24-hour line spans the spring-forward day in Berlin, then 23 hours; the fall-back day, 25 hours', () => {
      const cal: BusinessCalendar = {
        timeZone: 'Europe/Berlin',
        week: { 7: [{ start: '00:00', end: '24:00' }] },
      };
      // Sunday 2026-03-29 00:00 CET (= 28th 23:00Z) to Monday 00:00 CEST (= 29th 22:00Z): 23 h.
      expect(businessTimeBetween(cal, at('2026-03-28T00:00:00Z'), at('2026-03-31T00:00:00Z'))).toBe(23 * H);
      // Sunday 2026-10-25 00:00 CEST (= 24th 22:00Z) to Monday 00:00 CET (= 25th 23:00Z): 25 h.
      expect(businessTimeBetween(cal, at('2026-10-24T00:00:00Z'), at('2026-10-27T00:00:00Z'))).toBe(25 * H);
    });
  });

  describe('DST edges in Berlin', () => {
    it('when working hours 01:00–04:00 fall on the spring-forward Sunday, then only 2 hours are worked', () => {
      // 2026-03-29: 01:00 CET = 00:00Z; clocks jump 02:00 CET -> 03:00 CEST at 01:00Z; 04:00 CEST = 02:00Z.
      const cal: BusinessCalendar = { timeZone: 'Europe/Berlin', week: { 7: [{ start: '01:00', end: '04:00' }] } };
      expect(businessTimeBetween(cal, at('2026-03-28T12:00:00Z'), at('2026-03-29T12:00:00Z'))).toBe(2 * H);
    });
    it('when a shift starts inside the skipped hour, then it opens when the clocks land (02:30 -> 03:30 CEST)', () => {
      const cal: BusinessCalendar = { timeZone: 'Europe/Berlin', week: { 7: [{ start: '02:30', end: '05:00' }] } };
      // 03:30 CEST = 01:30Z.
      expect(nextWorkingInstant(cal, at('2026-03-28T12:00:00Z'))).toBe(at('2026-03-29T01:30:00Z'));
    });
    it('when a shift starts in the repeated hour of the fall-back night, then the first 02:30 (CEST) is used', () => {
      const cal: BusinessCalendar = { timeZone: 'Europe/Berlin', week: { 7: [{ start: '02:30', end: '05:00' }] } };
      // 2026-10-25 02:30 CEST = 00:30Z; 05:00 CET = 04:00Z: 3.5 h of work that night.
      expect(nextWorkingInstant(cal, at('2026-10-24T12:00:00Z'))).toBe(at('2026-10-25T00:30:00Z'));
      expect(businessTimeBetween(cal, at('2026-10-24T12:00:00Z'), at('2026-10-25T12:00:00Z'))).toBe(3.5 * H);
    });
  });

  describe('windows', () => {
    it('when windows Mon–Fri 10–12 and 14–16, then working windows of a day are those two ranges', () => {
      const cal = calendarFromWindows('Asia/Shanghai', [
        { weekdays: [1, 2, 3, 4, 5], hours: [{ start: '10:00', end: '12:00' }] },
        { weekdays: [1, 2, 3, 4, 5], hours: [{ start: '14:00', end: '16:00' }] },
      ]);
      expect(workingWindows(cal, at('2026-11-27T00:00:00+08:00'), at('2026-11-28T00:00:00+08:00'))).toEqual([
        { start: at('2026-11-27T10:00:00+08:00'), end: at('2026-11-27T12:00:00+08:00') },
        { start: at('2026-11-27T14:00:00+08:00'), end: at('2026-11-27T16:00:00+08:00') },
      ]);
      expect(isWorkingTime(cal, at('2026-11-27T13:00:00+08:00'))).toBe(false);
    });
  });

  describe('validation', () => {
    it('when the calendar is malformed, then a CalendarError naming every problem', () => {
      const bad = {
        timeZone: 'Mars/Olympus',
        week: { 1: [{ start: '18:00', end: '09:00' }], 9: [] },
        holidays: ['2026-02-30'],
      } as unknown as BusinessCalendar;
      try {
        validateCalendar(bad);
        throw new Error('expected a CalendarError');
      } catch (e) {
        expect(e).toBeInstanceOf(CalendarError);
        const problems = (e as CalendarError).problems;
        expect(problems).toHaveLength(4);
        expect(problems.join('\n')).toMatch(/Mars\/Olympus/);
        expect(problems.join('\n')).toMatch(/2026-02-30/);
      }
    });
    it('when no weekday has hours, then rejected', () => {
      expect(() => validateCalendar({ timeZone: 'UTC', week: {} })).toThrow(/no weekday has working hours/);
    });
  });
});
