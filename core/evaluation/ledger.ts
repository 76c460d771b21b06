import { type AttemptRecord, REACHED_OUTCOMES, type SatisfactionSource } from './types';

/** The ledger's records for the plan, without repeated attempts (the first record of an attempt wins), oldest first. */
export function distinctAttempts(
  ledger: readonly AttemptRecord[],
  planId?: string,
): { records: AttemptRecord[]; duplicates: number } {
  const seen = new Set<string>();
  const records: AttemptRecord[] = [];
  let duplicates = 0;
  for (const r of ledger) {
    if (planId !== undefined && r.planId !== planId) continue;
    const key = JSON.stringify([r.planId, r.customerId, r.attemptNo]);
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    records.push(r);
  }
  records.sort((a, b) => a.at - b.at || a.attemptNo - b.attemptNo);
  return { records, duplicates };
}

export const isReached = (r: AttemptRecord): boolean => REACHED_OUTCOMES.includes(r.outcome);

/** The satisfaction score an attempt's answer sheet gives, or undefined when it gives none. */
export function scoreOf(r: AttemptRecord, source: SatisfactionSource): number | undefined {
  const answer = r.answerSheet?.answers.find((a) => a.questionId === source.questionId);
  const code = answer?.options?.[0];
  if (code === undefined || !Object.hasOwn(source.scores, code)) return undefined;
  return source.scores[code];
}

/** What a customer's attempts add up to. */
export interface CustomerResult {
  customerId: string;
  attempts: number;
  reached: boolean;
  completed: boolean;
  /** From the last completed attempt that gives a score. */
  score?: number;
  /** From the last reached attempt that judged it. */
  needsMet?: boolean;
  goalAchieved: boolean;
}

/** Folds attempts (oldest first) into one result per customer, in order of first appearance. */
export function customerResults(
  records: readonly AttemptRecord[],
  source?: SatisfactionSource,
): Map<string, CustomerResult> {
  const out = new Map<string, CustomerResult>();
  for (const r of records) {
    const c = out.get(r.customerId) ?? {
      customerId: r.customerId,
      attempts: 0,
      reached: false,
      completed: false,
      goalAchieved: false,
    };
    c.attempts++;
    if (isReached(r)) {
      c.reached = true;
      if (r.needsMet !== undefined) c.needsMet = r.needsMet;
      if (r.goalAchieved) c.goalAchieved = true;
    }
    if (r.outcome === 'completed') {
      c.completed = true;
      const s = source ? scoreOf(r, source) : undefined;
      if (s !== undefined) c.score = s;
    }
    out.set(r.customerId, c);
  }
  return out;
}
