/**
 * Questionnaires: create, change, search, archive, delete (only when no sheet uses it), reorder,
 * copy questions, JSON import/export; the guided script (next question for the answers so far);
 * answer sheets checked for validity on receipt; statistics per question, overall or per plan.
 */
import type { Connection } from 'mongoose';
import type { z } from 'zod';
import {
  checkAnswerSheet,
  copyQuestions,
  exportQuestionnaire,
  importQuestionnaire,
  questionnaireProblems,
  questionStatistics,
  QuestionnaireError,
  reorderQuestions,
  walkPath,
  type AnswerSheet,
  type Problem,
  type Question,
  type Questionnaire,
  type QuestionnaireStatistics,
} from '../../core/questionnaire';
import { answerSheetModel, questionnaireModel, type AnswerSheetDoc, type QuestionnaireDoc } from '../../store/campaign/questionnaires';
import { appendAudit } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { AppError } from '../errors';
import { CsvFormatError, csvFieldProblems, questionnaireFromCsv, questionnaireToCsv } from './questionnaires.csv';
import type { answersBody, copyBody, createQuestionnaireBody, questionnaireFields, reorderBody, sheetBody } from './questionnaires.schemas';

const fieldOf = (p: Problem): string => (p.questionId ? `body.questions[${p.questionId}]` : 'body');
const invalid = (problems: Problem[]): AppError =>
  AppError.unprocessable(
    `questionnaire is invalid: ${problems.map((p) => p.message).join('; ')}`,
    problems.map((p) => ({ field: fieldOf(p), message: p.message })),
  );

/** Runs a core operation, turning its QuestionnaireError into a 422 naming the questions. */
function core<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof QuestionnaireError) throw invalid(err.problems);
    throw err;
  }
}

export function toQuestionnaire(d: QuestionnaireDoc): Questionnaire {
  return {
    code: d._id,
    name: d.name,
    ...(d.purpose !== undefined ? { purpose: d.purpose } : {}),
    ...(d.summary !== undefined ? { summary: d.summary } : {}),
    provider: d.provider,
    ...(d.validFrom !== undefined ? { validFrom: d.validFrom } : {}),
    ...(d.validUntil !== undefined ? { validUntil: d.validUntil } : {}),
    questions: d.questions,
    ...(d.validity ? { validity: d.validity } : {}),
  };
}

function check(q: Questionnaire): void {
  const problems = questionnaireProblems(q);
  if (problems.length > 0) throw invalid(problems);
}

export async function getQuestionnaire(conn: Connection, code: string): Promise<QuestionnaireDoc> {
  const d = await questionnaireModel(conn).findById(code).lean();
  if (!d) throw AppError.notFound(`questionnaire ${code}`);
  return d;
}

async function getActive(conn: Connection, code: string): Promise<QuestionnaireDoc> {
  const d = await getQuestionnaire(conn, code);
  if (d.status === 'archived') throw AppError.conflict(`questionnaire ${code} is archived; archived questionnaires cannot change`);
  return d;
}

export async function listQuestionnaires(conn: Connection, q: { status?: 'active' | 'archived'; q?: string }): Promise<QuestionnaireDoc[]> {
  const all = await questionnaireModel(conn).find(q.status ? { status: q.status } : {}).sort({ _id: 1 }).lean();
  const needle = q.q?.toLowerCase();
  return needle ? all.filter((d) => d._id.toLowerCase().includes(needle) || d.name.toLowerCase().includes(needle)) : all;
}

/** Drops keys whose value is undefined (a reorder clears `next` that way), which the driver would store as null. */
const withoutUndefined = (questions: Question[]): Question[] => JSON.parse(JSON.stringify(questions)) as Question[];

async function save(conn: Connection, given: Questionnaire, actor: Principal, action: string, create = false): Promise<QuestionnaireDoc> {
  const q = { ...given, questions: withoutUndefined(given.questions) };
  check(q);
  const { code, ...rest } = q;
  const Model = questionnaireModel(conn);
  let doc: QuestionnaireDoc | null;
  if (create) {
    try {
      doc = (await Model.create({ _id: code, ...rest, status: 'active', revision: 1, createdBy: actor.username, updatedBy: actor.username })).toObject();
    } catch (err) {
      if ((err as { code?: number }).code === 11000) throw AppError.conflict(`questionnaire ${code} exists`);
      throw err;
    }
  } else {
    doc = await Model.findOneAndUpdate(
      { _id: code },
      { $set: { ...rest, questions: q.questions, updatedBy: actor.username }, $inc: { revision: 1 } },
      { new: true },
    ).lean();
  }
  if (!doc) throw AppError.notFound(`questionnaire ${code}`);
  await appendAudit(conn, { actor: actor.username, action, target: `questionnaire:${code}`, after: { revision: doc.revision } });
  return doc;
}

export function createQuestionnaire(conn: Connection, body: z.infer<typeof createQuestionnaireBody>, actor: Principal): Promise<QuestionnaireDoc> {
  return save(conn, body, actor, 'questionnaire.create', true);
}

export async function updateQuestionnaire(conn: Connection, code: string, body: z.infer<typeof questionnaireFields>, actor: Principal): Promise<QuestionnaireDoc> {
  await getActive(conn, code);
  return save(conn, { ...(body as Omit<Questionnaire, 'code'>), code }, actor, 'questionnaire.update');
}

export async function archiveQuestionnaire(conn: Connection, code: string, actor: Principal): Promise<QuestionnaireDoc> {
  await getActive(conn, code);
  const doc = await questionnaireModel(conn).findOneAndUpdate({ _id: code }, { $set: { status: 'archived', updatedBy: actor.username } }, { new: true }).lean();
  await appendAudit(conn, { actor: actor.username, action: 'questionnaire.archive', target: `questionnaire:${code}` });
  return doc as QuestionnaireDoc;
}

export async function deleteQuestionnaire(conn: Connection, code: string, actor: Principal): Promise<void> {
  await getQuestionnaire(conn, code);
  if (await answerSheetModel(conn).exists({ questionnaireCode: code })) {
    throw AppError.conflict(`questionnaire ${code} has answer sheets; archive it instead`);
  }
  await questionnaireModel(conn).deleteOne({ _id: code });
  await appendAudit(conn, { actor: actor.username, action: 'questionnaire.delete', target: `questionnaire:${code}` });
}

export async function reorder(conn: Connection, code: string, body: z.infer<typeof reorderBody>, actor: Principal): Promise<QuestionnaireDoc> {
  const q = toQuestionnaire(await getActive(conn, code));
  const result = core(() => reorderQuestions(q, body.questionIds, { keepFlow: body.keepFlow }));
  return save(conn, result.questionnaire, actor, 'questionnaire.reorder');
}

export async function copyInto(conn: Connection, code: string, body: z.infer<typeof copyBody>, actor: Principal): Promise<QuestionnaireDoc & { idMap: Record<string, string>; warnings: Problem[] }> {
  const target = toQuestionnaire(await getActive(conn, code));
  const source = toQuestionnaire(await getQuestionnaire(conn, body.from));
  const unknown = (body.questionIds ?? []).filter((id) => !source.questions.some((x) => x.id === id));
  if (unknown.length > 0) {
    throw AppError.unprocessable(`questions not in ${body.from}: ${unknown.join(', ')}`, unknown.map((id) => ({ field: 'body.questionIds', message: `no question ${id}` })));
  }
  const result = core(() => copyQuestions(source, target, body.questionIds));
  const saved = await save(conn, result.questionnaire, actor, 'questionnaire.copy-questions');
  return { ...saved, idMap: result.idMap, warnings: result.warnings };
}

export async function exportFile(conn: Connection, code: string): Promise<unknown> {
  return JSON.parse(exportQuestionnaire(toQuestionnaire(await getQuestionnaire(conn, code)))) as unknown;
}

export function importFile(conn: Connection, body: unknown, actor: Principal): Promise<QuestionnaireDoc> {
  const q = core(() => importQuestionnaire(JSON.stringify(body)));
  return save(conn, q, actor, 'questionnaire.import', true);
}

/** The questionnaire as a spreadsheet (CSV, UTF-8 with BOM). */
export async function exportCsv(conn: Connection, code: string): Promise<string> {
  return questionnaireToCsv(toQuestionnaire(await getQuestionnaire(conn, code)));
}

/** Creates a questionnaire from a spreadsheet; bad cells answer 422 naming row and column. */
export function importCsv(conn: Connection, text: unknown, actor: Principal): Promise<QuestionnaireDoc> {
  if (typeof text !== 'string' || text.length === 0) {
    throw AppError.badRequest('send the spreadsheet as text/csv', [{ field: 'body', message: 'expected a text/csv body' }]);
  }
  let q: Questionnaire;
  try {
    q = questionnaireFromCsv(text);
  } catch (err) {
    if (err instanceof CsvFormatError) throw AppError.unprocessable(`the spreadsheet has errors: ${err.message}`, csvFieldProblems(err));
    throw err;
  }
  return save(conn, q, actor, 'questionnaire.import', true);
}

/** The guided script: the path the answers so far take and the question to ask next (none at the end). */
export async function nextStep(conn: Connection, code: string, body: z.infer<typeof answersBody>): Promise<{ answered: string[]; next?: Question; complete: boolean }> {
  const q = toQuestionnaire(await getQuestionnaire(conn, code));
  const walk = walkPath(q, body.answers);
  return { answered: walk.answered, ...(walk.pending ? { next: walk.pending } : {}), complete: walk.complete };
}

export async function submitSheet(conn: Connection, code: string, body: z.infer<typeof sheetBody>, actor: Principal): Promise<AnswerSheetDoc> {
  const q = await getQuestionnaire(conn, code);
  if (q.status === 'archived') throw AppError.conflict(`questionnaire ${code} is archived and takes no answers`);
  const sheet: AnswerSheet = {
    id: body.id,
    questionnaireCode: code,
    respondent: body.respondent,
    ...(body.startedAt !== undefined ? { startedAt: body.startedAt } : {}),
    answeredAt: body.answeredAt,
    answers: body.answers,
  };
  const verdict = checkAnswerSheet(toQuestionnaire(q), sheet);
  const doc = {
    _id: body.id,
    questionnaireCode: code,
    ...(body.planId ? { planId: body.planId } : {}),
    respondent: body.respondent,
    ...(body.startedAt !== undefined ? { startedAt: body.startedAt } : {}),
    answeredAt: body.answeredAt,
    answers: body.answers,
    valid: verdict.valid,
    reasons: verdict.reasons,
    recordedBy: actor.username,
  };
  try {
    return (await answerSheetModel(conn).create(doc)).toObject();
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw AppError.conflict(`answer sheet ${body.id} exists`);
    throw err;
  }
}

export function listSheets(conn: Connection, code: string, planId?: string): Promise<AnswerSheetDoc[]> {
  return answerSheetModel(conn).find({ questionnaireCode: code, ...(planId ? { planId } : {}) }).sort({ answeredAt: 1 }).lean();
}

export async function statistics(conn: Connection, code: string, q: { planId?: string; validOnly?: 'true' | 'false' }): Promise<QuestionnaireStatistics> {
  const questionnaire = toQuestionnaire(await getQuestionnaire(conn, code));
  const sheets = await listSheets(conn, code, q.planId);
  const asSheets = sheets.map((s) => ({ id: s._id, questionnaireCode: code, respondent: s.respondent, answeredAt: s.answeredAt, answers: s.answers, ...(s.startedAt !== undefined ? { startedAt: s.startedAt } : {}) }));
  return questionStatistics(questionnaire, asSheets, { validOnly: q.validOnly !== 'false' });
}
