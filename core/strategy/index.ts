/** Contact strategies for proactive service: channels, windows, skills, retries. Pure: time comes in as parameters. */
export * from './types';
export { strategyCalendar, strategyProblems, validateStrategy } from './validate';
export { agentQualifies, channelForAttempt, nextAttemptTime, withinWindows } from './schedule';
