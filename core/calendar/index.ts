/** Business calendars: working hours, rest days, holidays and time zones for SLA clocks and windows. */
export * from './types';
export { calendarProblems, validateCalendar } from './validate';
export {
  addBusinessDuration,
  businessTimeBetween,
  isWorkingTime,
  nextWorkingInstant,
  workingIntervalsFrom,
  workingIntervalsOn,
  workingWindows,
} from './business-time';
export { calendarFromWindows, type WeeklyWindow } from './windows';
export { localDateOf, localToUtc, zoneOffsetMs, type LocalDate } from './zone';
