import { indexById, stepAfter } from './graph';
import { END, type Answer, type Question, type Questionnaire } from './types';

/** The path a set of answers takes through a questionnaire. */
export interface PathWalk {
  /** Ids of the questions on the path that have an answer entry, in the order asked. */
  answered: string[];
  /** The first question on the path without an answer entry; absent when the path has reached the end. */
  pending?: Question;
  /** Whether the path reached the end. */
  complete: boolean;
}

/**
 * Follows the branches from the first question using `answers` (keyed by question id, in any
 * order). An answer entry with no options and no text counts as "skipped" and follows the default.
 * Answers to questions off the path are ignored here; {@link checkAnswerSheet} reports them.
 */
export function walkPath(q: Questionnaire, answers: readonly Answer[]): PathWalk {
  const byId = new Map(answers.map((a) => [a.questionId, a]));
  const index = indexById(q);
  const answered: string[] = [];
  let current = q.questions[0]?.id ?? END;
  // A sound questionnaire has no cycles; the bound only protects against unsound ones.
  for (let steps = 0; steps <= q.questions.length; steps++) {
    if (current === END) return { answered, complete: true };
    const i = index.get(current);
    if (i === undefined) return { answered, complete: false };
    const answer = byId.get(current);
    if (!answer) return { answered, pending: q.questions[i], complete: false };
    answered.push(current);
    current = stepAfter(q, i, answer);
  }
  return { answered, complete: false };
}

/**
 * The next question a guided script should ask given the answers so far, or undefined when the path
 * has reached the end.
 */
export function nextQuestion(q: Questionnaire, answersSoFar: readonly Answer[]): Question | undefined {
  return walkPath(q, answersSoFar).pending;
}
