import { indexById, successors } from './graph';
import { END, type Problem, QuestionnaireError, type Questionnaire } from './types';

/**
 * Every fault of a questionnaire definition, each naming its question: duplicate ids, numbers and
 * option codes; choice questions without options; branches to unknown questions; cycles; questions
 * no path reaches. Empty when the definition is sound.
 */
export function questionnaireProblems(q: Questionnaire): Problem[] {
  const problems: Problem[] = [];
  const add = (code: string, message: string, questionId?: string): void => {
    problems.push({ code, message, questionId });
  };
  if (!q.code?.trim()) add('missing-code', 'questionnaire code is empty');
  if (!q.name?.trim()) add('missing-name', 'questionnaire name is empty');
  if (q.validFrom !== undefined && q.validUntil !== undefined && q.validFrom >= q.validUntil) {
    add('validity-period', 'validFrom must be before validUntil');
  }
  if (q.questions.length === 0) add('no-questions', 'questionnaire has no questions');

  const ids = new Set<string>();
  const numbers = new Map<number, string>();
  for (const question of q.questions) {
    const where = `question ${question.number} (${question.id})`;
    if (ids.has(question.id)) add('duplicate-id', `${where}: id "${question.id}" is used twice`, question.id);
    ids.add(question.id);
    if (question.id === END) add('reserved-id', `${where}: id "${END}" is reserved`, question.id);
    if (!Number.isInteger(question.number) || question.number < 1) {
      add('bad-number', `${where}: number must be a positive integer`, question.id);
    }
    const other = numbers.get(question.number);
    if (other !== undefined) {
      add('duplicate-number', `${where}: number ${question.number} is also used by ${other}`, question.id);
    } else numbers.set(question.number, question.id);
    if (!question.text?.trim()) add('missing-text', `${where}: text is empty`, question.id);
    const options = question.options ?? [];
    if (question.type === 'open' && options.length > 0) {
      add('options-on-open', `${where}: an open question has no options`, question.id);
    }
    if (question.type !== 'open' && options.length === 0) {
      add('no-options', `${where}: a ${question.type} choice question needs options`, question.id);
    }
    const codes = new Set<string>();
    for (const o of options) {
      if (!o.code?.trim()) add('missing-option-code', `${where}: an option has no code`, question.id);
      if (codes.has(o.code))
        add('duplicate-option-code', `${where}: option code "${o.code}" is used twice`, question.id);
      codes.add(o.code);
    }
    if (question.type === 'multiple') {
      const min = question.minChoices ?? 1;
      const max = question.maxChoices ?? options.length;
      if (!Number.isInteger(min) || min < 1 || !Number.isInteger(max) || max < min || max > options.length) {
        add(
          'choice-limits',
          `${where}: need 1 <= minChoices (${min}) <= maxChoices (${max}) <= options (${options.length})`,
          question.id,
        );
      }
    } else if (question.minChoices !== undefined || question.maxChoices !== undefined) {
      add('choice-limits', `${where}: minChoices/maxChoices apply to multiple choice only`, question.id);
    }
  }

  const known = (t: string): boolean => t === END || ids.has(t);
  for (const question of q.questions) {
    const where = `question ${question.number} (${question.id})`;
    if (question.next !== undefined && !known(question.next)) {
      add('unknown-target', `${where}: next goes to unknown question "${question.next}"`, question.id);
    }
    for (const o of question.options ?? []) {
      if (o.next !== undefined && !known(o.next)) {
        add('unknown-target', `${where}: option "${o.code}" goes to unknown question "${o.next}"`, question.id);
      }
    }
  }
  if (problems.some((p) => p.code === 'duplicate-id' || p.code === 'unknown-target') || q.questions.length === 0) {
    return problems; // the graph is not well defined; graph checks would only add noise
  }

  const index = indexById(q);
  const state = new Map<string, 'open' | 'done'>();
  const reported = new Set<string>();
  const visit = (id: string, path: string[]): void => {
    state.set(id, 'open');
    for (const t of successors(q, index.get(id)!)) {
      if (t === END) continue;
      if (state.get(t) === 'open') {
        const cycle = [...path.slice(path.indexOf(t)), id, t];
        if (!reported.has(t)) {
          reported.add(t);
          add('cycle', `question ${numberOf(q, t)} (${t}): branching loops back: ${cycle.join(' -> ')}`, t);
        }
      } else if (!state.has(t)) visit(t, [...path, id]);
    }
    state.set(id, 'done');
  };
  visit(q.questions[0].id, []);
  for (const question of q.questions) {
    if (!state.has(question.id)) {
      add(
        'unreachable',
        `question ${question.number} (${question.id}): no path from the first question reaches it`,
        question.id,
      );
    }
  }
  return problems;
}

function numberOf(q: Questionnaire, id: string): number | undefined {
  return q.questions.find((x) => x.id === id)?.number;
}

/** Throws a {@link QuestionnaireError} listing every problem when the definition is not sound. */
export function validateQuestionnaire(q: Questionnaire): void {
  const problems = questionnaireProblems(q);
  if (problems.length > 0) {
    throw new QuestionnaireError(
      `Questionnaire "${q.code}" is invalid: ${problems.map((p) => p.message).join('; ')}`,
      problems,
    );
  }
}
