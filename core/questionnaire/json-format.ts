import { questionnaireProblems } from './validate';
import { type Problem, QuestionnaireError, type Questionnaire } from './types';

/** Identifies a questionnaire export file. */
export const QUESTIONNAIRE_FORMAT = 'touchpoint/questionnaire';
/** The format version this code writes; it reads this version only. */
export const QUESTIONNAIRE_FORMAT_VERSION = 1;

/** A questionnaire export file. */
export interface QuestionnaireFile {
  format: typeof QUESTIONNAIRE_FORMAT;
  version: number;
  questionnaire: Questionnaire;
}

/** The questionnaire as a versioned JSON file (pretty-printed, stable key order of the input). */
export function exportQuestionnaire(q: Questionnaire): string {
  const file: QuestionnaireFile = {
    format: QUESTIONNAIRE_FORMAT,
    version: QUESTIONNAIRE_FORMAT_VERSION,
    questionnaire: q,
  };
  return JSON.stringify(file, null, 2);
}

type Json = unknown;
const isObj = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a questionnaire export. Throws a {@link QuestionnaireError} whose problems give the JSON path
 * of every structural fault (wrong format, unsupported version, missing or mistyped fields), or, when
 * the structure is right, every fault {@link questionnaireProblems} finds.
 */
export function importQuestionnaire(text: string): Questionnaire {
  let data: Json;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new QuestionnaireError(`not JSON: ${(e as Error).message}`, [
      { code: 'not-json', message: (e as Error).message },
    ]);
  }
  const problems: Problem[] = [];
  const fail = (path: string, message: string, questionId?: string): void => {
    problems.push({ code: 'bad-structure', message: `${path}: ${message}`, questionId });
  };
  if (!isObj(data) || data.format !== QUESTIONNAIRE_FORMAT) {
    throw new QuestionnaireError(`not a questionnaire file: "format" must be "${QUESTIONNAIRE_FORMAT}"`, [
      { code: 'wrong-format', message: `"format" must be "${QUESTIONNAIRE_FORMAT}"` },
    ]);
  }
  if (data.version !== QUESTIONNAIRE_FORMAT_VERSION) {
    throw new QuestionnaireError(
      `questionnaire file version ${JSON.stringify(data.version)} is not supported (this build reads version ${QUESTIONNAIRE_FORMAT_VERSION})`,
      [{ code: 'unsupported-version', message: `version ${JSON.stringify(data.version)}` }],
    );
  }
  const q = data.questionnaire;
  if (!isObj(q)) throw new QuestionnaireError('$.questionnaire: must be an object');
  const str = (v: Json, path: string, optional = false): void => {
    if (v === undefined && optional) return;
    if (typeof v !== 'string') fail(path, 'must be a string');
  };
  const num = (v: Json, path: string, optional = false): void => {
    if (v === undefined && optional) return;
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'must be a number');
  };
  str(q.code, '$.questionnaire.code');
  str(q.name, '$.questionnaire.name');
  str(q.purpose, '$.questionnaire.purpose', true);
  str(q.summary, '$.questionnaire.summary', true);
  num(q.validFrom, '$.questionnaire.validFrom', true);
  num(q.validUntil, '$.questionnaire.validUntil', true);
  if (!isObj(q.provider)) fail('$.questionnaire.provider', 'must be an object with department and designer');
  else {
    str(q.provider.department, '$.questionnaire.provider.department');
    str(q.provider.designer, '$.questionnaire.provider.designer');
  }
  if (q.validity !== undefined) {
    if (!isObj(q.validity)) fail('$.questionnaire.validity', 'must be an object');
    else
      for (const k of ['minAnswered', 'maxDurationMs', 'minDurationMs'])
        num(q.validity[k], `$.questionnaire.validity.${k}`, true);
  }
  if (!Array.isArray(q.questions)) fail('$.questionnaire.questions', 'must be an array');
  else {
    q.questions.forEach((x: Json, i) => {
      const p = `$.questionnaire.questions[${i}]`;
      if (!isObj(x)) return fail(p, 'must be an object');
      const id = typeof x.id === 'string' ? x.id : undefined;
      str(x.id, `${p}.id`);
      num(x.number, `${p}.number`);
      str(x.text, `${p}.text`);
      if (x.type !== 'single' && x.type !== 'multiple' && x.type !== 'open')
        fail(`${p}.type`, 'must be single, multiple or open', id);
      if (typeof x.required !== 'boolean') fail(`${p}.required`, 'must be true or false', id);
      str(x.next, `${p}.next`, true);
      num(x.minChoices, `${p}.minChoices`, true);
      num(x.maxChoices, `${p}.maxChoices`, true);
      if (x.options !== undefined) {
        if (!Array.isArray(x.options)) fail(`${p}.options`, 'must be an array', id);
        else
          x.options.forEach((o: Json, j) => {
            if (!isObj(o)) return fail(`${p}.options[${j}]`, 'must be an object', id);
            str(o.code, `${p}.options[${j}].code`);
            str(o.text, `${p}.options[${j}].text`);
            str(o.next, `${p}.options[${j}].next`, true);
          });
      }
    });
  }
  if (problems.length > 0) {
    throw new QuestionnaireError(
      `questionnaire file is malformed: ${problems.map((p) => p.message).join('; ')}`,
      problems,
    );
  }
  const questionnaire = q as unknown as Questionnaire;
  const faults = questionnaireProblems(questionnaire);
  if (faults.length > 0) {
    throw new QuestionnaireError(
      `questionnaire "${questionnaire.code}" is invalid: ${faults.map((p) => p.message).join('; ')}`,
      faults,
    );
  }
  return questionnaire;
}
