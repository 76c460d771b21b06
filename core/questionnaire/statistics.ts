import { checkAnswerSheet } from './answer-sheet';
import { type AnswerSheet, type Questionnaire } from './types';

/** How often one option was chosen. */
export interface OptionCount {
  code: string;
  text: string;
  count: number;
  /** count / responses of the question (0 when nobody answered it). */
  share: number;
}

/** Figures for one question over many answer sheets. */
export interface QuestionStatistics {
  questionId: string;
  number: number;
  /** Sheets that answered the question (skips not counted). */
  responses: number;
  /** Sheets whose path reached the question but skipped it. */
  skipped: number;
  /** Choice questions: every option, in option order, with its count. */
  options?: OptionCount[];
  /** Open questions: every non-empty text with its sheet and respondent. */
  openAnswers?: { sheetId: string; respondent: string; text: string }[];
}

/** Statistics for a questionnaire over a set of answer sheets. */
export interface QuestionnaireStatistics {
  sheets: number;
  /** Sheets counted (all, or only the valid ones). */
  counted: number;
  questions: QuestionStatistics[];
}

/**
 * Per-question statistics: responses, skips, option distribution, open answers. With `validOnly`
 * (the default) sheets that {@link checkAnswerSheet} rejects are left out; only answers on each
 * sheet's path are counted.
 */
export function questionStatistics(
  q: Questionnaire,
  sheets: readonly AnswerSheet[],
  options: { validOnly?: boolean } = {},
): QuestionnaireStatistics {
  const stats = new Map<string, QuestionStatistics & { counts: Map<string, number> }>();
  for (const x of q.questions) {
    stats.set(x.id, {
      questionId: x.id,
      number: x.number,
      responses: 0,
      skipped: 0,
      counts: new Map((x.options ?? []).map((o) => [o.code, 0])),
      ...(x.type === 'open' ? { openAnswers: [] } : {}),
    });
  }
  let counted = 0;
  for (const sheet of sheets) {
    const verdict = checkAnswerSheet(q, sheet);
    if (options.validOnly !== false && !verdict.valid) continue;
    counted++;
    for (const id of verdict.path) {
      const s = stats.get(id)!;
      const a = sheet.answers.find((x) => x.questionId === id)!;
      const text = a.text?.trim();
      const chosen = a.options ?? [];
      if (chosen.length === 0 && !text) {
        s.skipped++;
        continue;
      }
      s.responses++;
      for (const c of new Set(chosen)) if (s.counts.has(c)) s.counts.set(c, s.counts.get(c)! + 1);
      if (s.openAnswers && text) s.openAnswers.push({ sheetId: sheet.id, respondent: sheet.respondent, text });
    }
  }
  return {
    sheets: sheets.length,
    counted,
    questions: q.questions.map((x) => {
      const { counts, ...s } = stats.get(x.id)!;
      if (x.type === 'open') return s;
      return {
        ...s,
        options: (x.options ?? []).map((o) => {
          const count = counts.get(o.code) ?? 0;
          return { code: o.code, text: o.text, count, share: s.responses === 0 ? 0 : count / s.responses };
        }),
      };
    }),
  };
}
