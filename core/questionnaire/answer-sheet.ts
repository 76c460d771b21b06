import { walkPath } from './navigate';
import { type Answer, type AnswerSheet, type Problem, type Questionnaire, type ValidityRules } from './types';

/** The verdict on one answer sheet. */
export interface SheetVerdict {
  valid: boolean;
  /** Why the sheet is not valid; empty when valid. */
  reasons: Problem[];
  /** Question ids on the path taken, in order. */
  path: string[];
}

const isEmpty = (a: Answer): boolean => (a.options?.length ?? 0) === 0 && !a.text?.trim();

/**
 * Checks an answer sheet against its questionnaire and validity rules: answers only on the path the
 * answers themselves take; every required question on that path answered; option codes known; single
 * choice exactly one, multiple choice within its limits; open questions answered with text; the
 * sheet within the validity period; and the configurable rules (`rules` override the
 * questionnaire's own).
 */
export function checkAnswerSheet(q: Questionnaire, sheet: AnswerSheet, rules: ValidityRules = {}): SheetVerdict {
  const r: ValidityRules = { ...q.validity, ...rules };
  const reasons: Problem[] = [];
  const add = (code: string, message: string, questionId?: string): void => {
    reasons.push({ code, message, questionId });
  };
  if (sheet.questionnaireCode !== q.code) {
    add('wrong-questionnaire', `sheet is for questionnaire "${sheet.questionnaireCode}", not "${q.code}"`);
  }
  if (q.validFrom !== undefined && sheet.answeredAt < q.validFrom)
    add('outside-validity', 'answered before the questionnaire became valid');
  if (q.validUntil !== undefined && sheet.answeredAt >= q.validUntil)
    add('outside-validity', 'answered after the questionnaire expired');

  const seen = new Set<string>();
  for (const a of sheet.answers) {
    if (seen.has(a.questionId)) add('duplicate-answer', `question ${a.questionId} is answered twice`, a.questionId);
    seen.add(a.questionId);
  }
  const walk = walkPath(q, sheet.answers);
  const onPath = new Set(walk.answered);
  const byId = new Map(q.questions.map((x) => [x.id, x]));
  for (const a of sheet.answers) {
    const question = byId.get(a.questionId);
    if (!question) add('unknown-question', `answer to unknown question "${a.questionId}"`, a.questionId);
    else if (!onPath.has(a.questionId)) {
      add('off-path', `question ${question.number} was answered but is not on the path taken`, a.questionId);
    }
  }
  if (!walk.complete && r.requireComplete !== false) {
    const at = walk.pending ? `question ${walk.pending.number}` : 'an unknown question';
    add('incomplete', `the path stops unanswered at ${at}`, walk.pending?.id);
  }

  for (const id of walk.answered) {
    const question = byId.get(id)!;
    const a = sheet.answers.find((x) => x.questionId === id)!;
    const where = `question ${question.number}`;
    if (isEmpty(a)) {
      if (question.required) add('required', `${where} is required but was skipped`, id);
      continue;
    }
    if (question.type === 'open') {
      if ((a.options?.length ?? 0) > 0) add('options-on-open', `${where} is open text; options were given`, id);
      if (!a.text?.trim()) add('required', `${where} needs a text answer`, id);
      continue;
    }
    const codes = new Set((question.options ?? []).map((o) => o.code));
    const chosen = a.options ?? [];
    for (const c of chosen) if (!codes.has(c)) add('unknown-option', `${where}: "${c}" is not one of its options`, id);
    if (new Set(chosen).size !== chosen.length) add('repeated-option', `${where}: an option is chosen twice`, id);
    if (question.type === 'single' && chosen.length !== 1) {
      add('choice-count', `${where} is single choice; ${chosen.length} options were chosen`, id);
    }
    if (question.type === 'multiple') {
      const min = question.minChoices ?? 1;
      const max = question.maxChoices ?? codes.size;
      if (chosen.length < min || chosen.length > max) {
        add('choice-count', `${where} takes ${min}..${max} options; ${chosen.length} were chosen`, id);
      }
    }
  }

  const answeredCount = walk.answered.filter((id) => !isEmpty(sheet.answers.find((x) => x.questionId === id)!)).length;
  if (r.minAnswered !== undefined && answeredCount < r.minAnswered) {
    add('min-answered', `${answeredCount} questions answered; at least ${r.minAnswered} are needed`);
  }
  if (r.maxDurationMs !== undefined || r.minDurationMs !== undefined) {
    if (sheet.startedAt === undefined) add('no-start-time', 'the sheet has no start time to check its duration');
    else {
      const took = sheet.answeredAt - sheet.startedAt;
      if (r.maxDurationMs !== undefined && took > r.maxDurationMs) {
        add('too-slow', `answered in ${took} ms; the limit is ${r.maxDurationMs} ms`);
      }
      if (r.minDurationMs !== undefined && took < r.minDurationMs) {
        add('too-fast', `answered in ${took} ms; at least ${r.minDurationMs} ms are expected`);
      }
    }
  }
  return { valid: reasons.length === 0, reasons, path: walk.answered };
}
