import { defaultNext } from './graph';
import { questionnaireProblems } from './validate';
import { type Problem, QuestionnaireError, type Questionnaire } from './types';

/** A reordered questionnaire and whatever the new order broke (empty when sound). */
export interface ReorderResult {
  questionnaire: Questionnaire;
  problems: Problem[];
}

/**
 * Puts the questions in `orderedIds` order and renumbers them 1..n. Branches refer to ids, so they
 * stay valid. With `keepFlow` (the default) a question whose implicit "following question" would
 * change gets an explicit next, so every script path is the same as before; without it the new order
 * also becomes the new default flow. The first question always starts the script.
 */
export function reorderQuestions(
  q: Questionnaire,
  orderedIds: readonly string[],
  options: { keepFlow?: boolean } = {},
): ReorderResult {
  const byId = new Map(q.questions.map((x) => [x.id, x]));
  if (
    orderedIds.length !== q.questions.length ||
    new Set(orderedIds).size !== orderedIds.length ||
    orderedIds.some((id) => !byId.has(id))
  ) {
    throw new QuestionnaireError(
      `reorder of "${q.code}" must list each of its ${q.questions.length} question ids exactly once`,
    );
  }
  const oldNext = new Map(q.questions.map((x, i) => [x.id, defaultNext(q, i)]));
  const questions = orderedIds.map((id, i) => ({ ...byId.get(id)!, number: i + 1 }));
  const out: Questionnaire = { ...q, questions };
  if (options.keepFlow !== false) {
    questions.forEach((question, i) => {
      const implicit = { ...question, next: undefined };
      const probe: Questionnaire = { ...out, questions: questions.map((x, j) => (j === i ? implicit : x)) };
      const wanted = oldNext.get(question.id)!;
      questions[i] = defaultNext(probe, i) === wanted ? implicit : { ...question, next: wanted };
    });
  }
  return { questionnaire: out, problems: questionnaireProblems(out) };
}

/** Puts a choice question's options in `codes` order; option codes, and so answers, are unchanged. */
export function reorderOptions(q: Questionnaire, questionId: string, codes: readonly string[]): Questionnaire {
  const question = q.questions.find((x) => x.id === questionId);
  if (!question) throw new QuestionnaireError(`question "${questionId}" is not in "${q.code}"`);
  const byCode = new Map((question.options ?? []).map((o) => [o.code, o]));
  if (codes.length !== byCode.size || new Set(codes).size !== codes.length || codes.some((c) => !byCode.has(c))) {
    throw new QuestionnaireError(`reorder of question "${questionId}" must list each option code exactly once`, [
      { code: 'bad-order', message: 'each option code exactly once', questionId },
    ]);
  }
  return {
    ...q,
    questions: q.questions.map((x) => (x.id === questionId ? { ...x, options: codes.map((c) => byCode.get(c)!) } : x)),
  };
}
