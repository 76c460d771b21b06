import { customerResults, distinctAttempts, isReached, scoreOf } from './ledger';
import {
  type AttemptRecord,
  type EvaluationOptions,
  type GroupFigures,
  type PlanEvaluation,
  type SatisfactionFigures,
  type SatisfactionSource,
} from './types';

const ratio = (n: number, d: number): number => (d === 0 ? 0 : n / d);

function satisfactionOf(scores: number[], source: SatisfactionSource): SatisfactionFigures {
  const satisfied = scores.filter((s) => s >= source.satisfiedAtLeast).length;
  return {
    responses: scores.length,
    averageScore: ratio(
      scores.reduce((a, b) => a + b, 0),
      scores.length,
    ),
    satisfied,
    satisfiedRate: ratio(satisfied, scores.length),
  };
}

function groupFigures(records: AttemptRecord[], source?: SatisfactionSource): GroupFigures {
  const reached = records.filter(isReached).length;
  const completed = records.filter((r) => r.outcome === 'completed');
  const figures: GroupFigures = {
    attempts: records.length,
    reached,
    completed: completed.length,
    reachRate: ratio(reached, records.length),
    completionRate: ratio(completed.length, records.length),
  };
  if (source) {
    const scores = completed.map((r) => scoreOf(r, source)).filter((s): s is number => s !== undefined);
    figures.satisfaction = satisfactionOf(scores, source);
  }
  return figures;
}

function groupBy(records: AttemptRecord[], key: (r: AttemptRecord) => string): Map<string, AttemptRecord[]> {
  const m = new Map<string, AttemptRecord[]>();
  for (const r of records) {
    const k = key(r);
    m.set(k, [...(m.get(k) ?? []), r]);
  }
  return m;
}

/**
 * Evaluates a plan from its attempt ledger. Customer-level figures (reach, completion, goal) are over
 * the target customers; satisfaction is over completed customers whose answer sheet scores; needs met
 * is over reached customers with a judgement. Per-channel and per-window figures count attempts.
 */
export function evaluatePlan(ledger: readonly AttemptRecord[], options: EvaluationOptions = {}): PlanEvaluation {
  const { records, duplicates } = distinctAttempts(ledger, options.planId);
  const results = customerResults(records, options.satisfaction);
  const targets = options.targets ? [...new Set(options.targets)] : [...results.keys()];
  const mine = targets.map((id) => results.get(id)).filter((c) => c !== undefined);
  const reached = mine.filter((c) => c.reached).length;
  const completed = mine.filter((c) => c.completed).length;
  const judged = mine.filter((c) => c.needsMet !== undefined);
  const met = judged.filter((c) => c.needsMet).length;
  const achieved = mine.filter((c) => c.goalAchieved).length;
  const toRecord = (m: Map<string, AttemptRecord[]>): Record<string, GroupFigures> =>
    Object.fromEntries([...m].map(([k, rs]) => [k, groupFigures(rs, options.satisfaction)]));
  const windowOf = options.windowOf;
  return {
    targets: targets.length,
    attempts: records.length,
    duplicatesIgnored: duplicates,
    reached,
    completed,
    reachRate: ratio(reached, targets.length),
    completionRate: ratio(completed, targets.length),
    ...(options.satisfaction
      ? {
          satisfaction: satisfactionOf(
            mine.map((c) => c.score).filter((s): s is number => s !== undefined),
            options.satisfaction,
          ),
        }
      : {}),
    needsMet: { judged: judged.length, met, rate: ratio(met, judged.length) },
    goal: { achieved, rate: ratio(achieved, targets.length) },
    perChannel: toRecord(groupBy(records, (r) => r.channel)),
    perWindow: windowOf ? toRecord(groupBy(records, (r) => windowOf(r.at))) : {},
  };
}
