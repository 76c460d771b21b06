import {
  copyQuestions,
  reorderOptions,
  reorderQuestions,
  walkPath,
  type Questionnaire,
} from '../../../core/questionnaire';
import { one, surveyFixture, text } from './fixture';

const paths = [
  [one('q1', 'yes'), text('q3', 'x'), one('q4', 'y')],
  [one('q1', 'yes'), text('q3', 'x'), one('q4', 'n'), text('q5', 'x')],
  [one('q1', 'no'), one('q2', 'price'), one('q4', 'y')],
  [one('q1', 'no'), one('q2', 'price'), one('q4', 'n'), text('q5', 'x')],
];

describe('reordering questions', () => {
  it('when questions are reordered keeping the flow, then numbers are 1..n and every branch path is unchanged', () => {
    const q = surveyFixture();
    const { questionnaire: r, problems } = reorderQuestions(q, ['q1', 'q4', 'q3', 'q5', 'q2']);
    expect(problems).toEqual([]);
    expect(r.questions.map((x) => [x.id, x.number])).toEqual([
      ['q1', 1],
      ['q4', 2],
      ['q3', 3],
      ['q5', 4],
      ['q2', 5],
    ]);
    for (const answers of paths) expect(walkPath(r, answers)).toEqual(walkPath(q, answers));
    expect(r.questions.find((x) => x.id === 'q3')!.next).toBe('q4'); // was implicit, made explicit
    expect(r.questions.find((x) => x.id === 'q5')!.next).toBe('$end');
  });

  it('when the new order would make branching loop, without keepFlow, then the problem is returned', () => {
    const { problems } = reorderQuestions(surveyFixture(), ['q1', 'q2', 'q4', 'q5', 'q3'], { keepFlow: false });
    // q3 now last: falls to the end; no loop, but nothing changes for q1 -> q3
    expect(problems).toEqual([]);
    const looping = reorderQuestions(surveyFixture(), ['q3', 'q1', 'q2', 'q4', 'q5'], { keepFlow: false });
    expect(looping.problems.map((p) => [p.code, p.questionId])).toContainEqual(['cycle', 'q3']);
  });

  it('when the order misses or repeats an id, then reorder throws', () => {
    expect(() => reorderQuestions(surveyFixture(), ['q1', 'q1', 'q2', 'q3', 'q4'])).toThrow(/exactly once/);
  });

  it('when options are reordered, then codes and branches travel with them', () => {
    const r = reorderOptions(surveyFixture(), 'q1', ['no', 'yes']);
    expect(r.questions[0].options).toEqual([
      { code: 'no', text: 'No', next: 'q2' },
      { code: 'yes', text: 'Yes', next: 'q3' },
    ]);
  });
});

describe('copying questions into another questionnaire', () => {
  const target = (): Questionnaire => ({
    code: 'T',
    name: 'Target',
    provider: { department: 'Sales', designer: 'x' },
    questions: [{ id: 'q1', number: 1, text: 'Name?', type: 'open', required: true }],
  });

  it('when all questions are copied, then ids clash-free, numbers continue and branches are remapped', () => {
    const { questionnaire, idMap, warnings, problems } = copyQuestions(surveyFixture(), target());
    expect(warnings).toEqual([]);
    expect(problems).toEqual([]);
    expect(idMap).toEqual({ q1: 'q1-copy', q2: 'q2', q3: 'q3', q4: 'q4', q5: 'q5' });
    expect(questionnaire.questions.map((x) => x.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(questionnaire.questions[1].options!.map((o) => o.next)).toEqual(['q3', 'q2']);
    expect(
      walkPath(questionnaire, [text('q1', 'Ann'), one('q1-copy', 'no'), one('q2', 'price'), one('q4', 'y')]),
    ).toEqual({
      answered: ['q1', 'q1-copy', 'q2', 'q4'],
      complete: true,
    });
  });

  it('when some questions are copied, then branches to questions left behind are dropped with a warning', () => {
    const { questionnaire, warnings, problems } = copyQuestions(surveyFixture(), target(), ['q1', 'q3', 'q4']);
    expect(warnings.map((w) => [w.code, w.questionId])).toEqual([
      ['branch-dropped', 'q1-copy'],
      ['branch-dropped', 'q4'],
    ]);
    expect(questionnaire.questions[1].options).toEqual([
      { code: 'yes', text: 'Yes', next: 'q3' },
      { code: 'no', text: 'No' },
    ]);
    expect(problems).toEqual([]);
    // 'no' now follows the default: the following copied question
    expect(
      walkPath(questionnaire, [text('q1', 'A'), one('q1-copy', 'no'), text('q3', 'x'), one('q4', 'n')]).complete,
    ).toBe(true);
  });

  it('when a question id is not in the source, then copy throws', () => {
    expect(() => copyQuestions(surveyFixture(), target(), ['q7'])).toThrow(/q7/);
  });
});
