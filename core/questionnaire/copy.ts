import { questionnaireProblems } from './validate';
import { END, type Problem, QuestionnaireError, type Question, type Questionnaire, type Target } from './types';

/** The target questionnaire with the copies appended, how ids were mapped, and what had to be dropped. */
export interface CopyResult {
  questionnaire: Questionnaire;
  /** Source question id -> id of its copy in the target. */
  idMap: Record<string, string>;
  /** Branches dropped because they led to questions not copied. */
  warnings: Problem[];
  /** Problems of the resulting questionnaire (empty when sound). */
  problems: Problem[];
}

/**
 * Copies some (`questionIds`, in source order) or all questions of `source` to the end of `target`.
 * Ids that clash with the target get a `-copy`, `-copy2`… suffix; numbers continue after the
 * target's highest; branches between copied questions are remapped, branches to questions not
 * copied are dropped (the question then follows its default) with a warning naming the question.
 */
export function copyQuestions(
  source: Questionnaire,
  target: Questionnaire,
  questionIds?: readonly string[],
): CopyResult {
  const wanted = questionIds ? new Set(questionIds) : undefined;
  if (wanted) {
    const missing = [...wanted].filter((id) => !source.questions.some((x) => x.id === id));
    if (missing.length > 0) throw new QuestionnaireError(`questions ${missing.join(', ')} are not in "${source.code}"`);
  }
  const picked = source.questions.filter((x) => !wanted || wanted.has(x.id));
  const taken = new Set(target.questions.map((x) => x.id));
  const idMap: Record<string, string> = {};
  for (const x of picked) {
    let id = x.id;
    for (let n = 1; taken.has(id) || id === END; n++) id = `${x.id}-copy${n === 1 ? '' : n}`;
    taken.add(id);
    idMap[x.id] = id;
  }
  const warnings: Problem[] = [];
  const remap = (t: Target | undefined, question: Question, what: string): Target | undefined => {
    if (t === undefined || t === END) return t;
    if (idMap[t] !== undefined) return idMap[t];
    warnings.push({
      code: 'branch-dropped',
      message: `question ${question.number} (${question.id}): ${what} went to "${t}", which was not copied; branch dropped`,
      questionId: idMap[question.id],
    });
    return undefined;
  };
  let number = Math.max(0, ...target.questions.map((x) => x.number));
  const copies: Question[] = picked.map((x) => {
    const copy: Question = { ...x, id: idMap[x.id], number: ++number };
    const next = remap(x.next, x, 'its default next');
    if (next === undefined) delete copy.next;
    else copy.next = next;
    if (x.options) {
      copy.options = x.options.map((o) => {
        const { next: oldNext, ...rest } = o;
        const n = remap(oldNext, x, `option "${o.code}"`);
        return n === undefined ? rest : { ...rest, next: n };
      });
    }
    return copy;
  });
  const questionnaire: Questionnaire = { ...target, questions: [...target.questions, ...copies] };
  return { questionnaire, idMap, warnings, problems: questionnaireProblems(questionnaire) };
}
