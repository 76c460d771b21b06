import { type BusinessCalendar, calendarFromWindows, calendarProblems } from '../calendar';
import { type ContactStrategy, StrategyError } from './types';

/** The business calendar whose working time is the strategy's contact windows minus its holidays. */
export function strategyCalendar(s: ContactStrategy): BusinessCalendar {
  return calendarFromWindows(s.timeZone, s.windows, { holidays: s.holidays, id: `strategy:${s.id}` });
}

/** Every fault of a strategy as readable sentences; empty when it is valid. */
export function strategyProblems(s: ContactStrategy): string[] {
  const problems: string[] = [];
  if (!s.id?.trim()) problems.push('id is empty');
  if (!s.name?.trim()) problems.push('name is empty');
  if (!Array.isArray(s.channels) || s.channels.length === 0) problems.push('channels: at least one channel is needed');
  else {
    if (s.channels.some((c) => typeof c !== 'string' || !c.trim())) problems.push('channels: a channel name is empty');
    if (new Set(s.channels).size !== s.channels.length) problems.push('channels: a channel is listed twice');
  }
  if (!Number.isInteger(s.maxAttempts) || s.maxAttempts < 1) {
    problems.push(`maxAttempts must be a whole number of at least 1, got ${s.maxAttempts}`);
  }
  if (s.attemptsPerChannel !== undefined && (!Number.isInteger(s.attemptsPerChannel) || s.attemptsPerChannel < 1)) {
    problems.push(`attemptsPerChannel must be a whole number of at least 1, got ${s.attemptsPerChannel}`);
  }
  if (!Number.isFinite(s.retrySpacingMs) || s.retrySpacingMs < 0) {
    problems.push(`retrySpacingMs must be a non-negative number, got ${s.retrySpacingMs}`);
  }
  if (!Array.isArray(s.requiredSkills) || s.requiredSkills.some((k) => typeof k !== 'string' || !k.trim())) {
    problems.push('requiredSkills: every skill must be a non-empty string');
  } else if (new Set(s.requiredSkills).size !== s.requiredSkills.length) {
    problems.push('requiredSkills: a skill is listed twice');
  }
  if (!Array.isArray(s.windows) || s.windows.length === 0)
    problems.push('windows: at least one contact window is needed');
  else {
    try {
      problems.push(...calendarProblems(strategyCalendar(s)).map((p) => `windows: ${p}`));
    } catch (e) {
      problems.push(`windows: ${(e as Error).message}`);
    }
  }
  return problems;
}

/** Throws a {@link StrategyError} listing every problem when the strategy is not valid. */
export function validateStrategy(s: ContactStrategy): void {
  const problems = strategyProblems(s);
  if (problems.length > 0) throw new StrategyError(`Strategy "${s.id}" is invalid: ${problems.join('; ')}`, problems);
}
