import {
  exportQuestionnaire,
  importQuestionnaire,
  questionStatistics,
  type QuestionnaireError,
} from '../../../core/questionnaire';
import { one, sheet, surveyFixture, text } from './fixture';

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    return (e as QuestionnaireError).problems.map((p) => p.message);
  }
  throw new Error('expected a QuestionnaireError');
};

describe('questionnaire JSON files', () => {
  it('when exported and imported, then the questionnaire is unchanged', () => {
    const q = surveyFixture();
    const file = exportQuestionnaire(q);
    expect(JSON.parse(file)).toMatchObject({ format: 'touchpoint/questionnaire', version: 1 });
    expect(importQuestionnaire(file)).toEqual(q);
  });

  it('when the file is not JSON, of another format or version, then the error says so', () => {
    expect(() => importQuestionnaire('{')).toThrow(/not JSON/);
    expect(() => importQuestionnaire('{"format":"x"}')).toThrow(/format/);
    expect(() => importQuestionnaire('{"format":"touchpoint/questionnaire","version":2}')).toThrow(
      /version 2 is not supported/,
    );
  });

  it('when fields are missing or mistyped, then every fault is given with its JSON path', () => {
    const data = JSON.parse(exportQuestionnaire(surveyFixture()));
    delete data.questionnaire.name;
    data.questionnaire.questions[1].type = 'rating';
    data.questionnaire.questions[0].options[1].code = 7;
    expect(problemsOf(() => importQuestionnaire(JSON.stringify(data)))).toEqual([
      '$.questionnaire.name: must be a string',
      '$.questionnaire.questions[0].options[1].code: must be a string',
      '$.questionnaire.questions[1].type: must be single, multiple or open',
    ]);
  });

  it('when the structure is right but branching is unsound, then the definition problems are given', () => {
    const q = surveyFixture();
    q.questions[1].next = 'nowhere';
    expect(problemsOf(() => importQuestionnaire(exportQuestionnaire(q)))).toEqual([
      'question 2 (q2): next goes to unknown question "nowhere"',
    ]);
  });
});

describe('per-question statistics', () => {
  it('when sheets are aggregated, then option counts, shares, skips and open answers match by hand', () => {
    const q = surveyFixture();
    const sheets = [
      sheet('a', [one('q1', 'yes'), text('q3', 'friendly'), one('q4', 'y')]),
      sheet('b', [one('q1', 'yes'), { questionId: 'q3' }, one('q4', 'n'), text('q5', 'after 6pm')]),
      sheet('c', [one('q1', 'no'), one('q2', 'price', 'speed'), one('q4', 'y')]),
      sheet('d', [one('q1', 'no'), one('q2', 'price'), one('q4', 'n'), text('q5', 'no')]),
      sheet('bad', [one('q1', 'no')]), // incomplete: left out
    ];
    const s = questionStatistics(q, sheets);
    expect(s.sheets).toBe(5);
    expect(s.counted).toBe(4);
    const [q1, q2, q3, q4, q5] = s.questions;
    expect(q1.responses).toBe(4);
    expect(q1.options!.map((o) => [o.code, o.count, o.share])).toEqual([
      ['yes', 2, 0.5],
      ['no', 2, 0.5],
    ]);
    expect(q2.options!.map((o) => [o.code, o.count, o.share])).toEqual([
      ['price', 2, 1],
      ['service', 0, 0],
      ['speed', 1, 0.5],
    ]);
    expect([q3.responses, q3.skipped]).toEqual([1, 1]);
    expect(q3.openAnswers).toEqual([{ sheetId: 'a', respondent: 'cust-a', text: 'friendly' }]);
    expect(q4.responses).toBe(4);
    expect(q5.openAnswers!.map((a) => a.text)).toEqual(['after 6pm', 'no']);
    expect(questionStatistics(q, sheets, { validOnly: false }).questions[0].responses).toBe(5);
  });
});
