import { END, type Answer, type Question, type Questionnaire, type Target } from './types';

/** The default next step of the question at `index`: its explicit next, else the following question, else the end. */
export function defaultNext(q: Questionnaire, index: number): Target {
  const question = q.questions[index];
  if (question.next !== undefined) return question.next;
  return q.questions[index + 1]?.id ?? END;
}

/** Every step a question can lead to (its options' targets and its default), without duplicates. */
export function successors(q: Questionnaire, index: number): Target[] {
  const question = q.questions[index];
  const out = new Set<Target>();
  for (const o of question.options ?? []) if (o.next !== undefined) out.add(o.next);
  const optionsAllBranch =
    question.type === 'single' &&
    (question.options?.length ?? 0) > 0 &&
    question.options!.every((o) => o.next !== undefined);
  // A single-choice question whose every option branches only falls back to its default when skipped.
  if (!optionsAllBranch || !question.required) out.add(defaultNext(q, index));
  return [...out];
}

/**
 * Where the script goes after `question` given its answer: the first chosen option (in option order)
 * that has a branch decides; otherwise the question's default.
 */
export function stepAfter(q: Questionnaire, index: number, answer: Answer | undefined): Target {
  const question = q.questions[index];
  const chosen = new Set(answer?.options ?? []);
  for (const o of question.options ?? []) if (chosen.has(o.code) && o.next !== undefined) return o.next;
  return defaultNext(q, index);
}

/** Map from question id to its index in the list. */
export function indexById(q: Questionnaire): Map<string, number> {
  const m = new Map<string, number>();
  q.questions.forEach((question: Question, i) => {
    if (!m.has(question.id)) m.set(question.id, i);
  });
  return m;
}
