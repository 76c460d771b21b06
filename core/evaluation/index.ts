/** Plan evaluation from the attempt ledger, and the follow-up selection that closes the loop. Pure. */
export * from './types';
export { evaluatePlan } from './evaluate';
export { selectFollowUp, type FollowUpCustomer } from './follow-up';
export { customerResults, distinctAttempts, scoreOf, type CustomerResult } from './ledger';
export { localTimeWindows, type DayPart } from './windows';
