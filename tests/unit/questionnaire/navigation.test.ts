import { nextQuestion, questionnaireProblems, walkPath } from '../../../core/questionnaire';
import { one, surveyFixture, text } from './fixture';

describe('guided script navigation', () => {
  const q = surveyFixture();
  const next = (...answers: Parameters<typeof nextQuestion>[1]): string | undefined => nextQuestion(q, answers)?.id;

  it('when nothing is answered, then the script starts at the first question', () => {
    expect(next()).toBe('q1');
  });

  it('when the fixture is checked, then it has no problems', () => {
    expect(questionnaireProblems(q)).toEqual([]);
  });

  it.each([
    ['satisfied, recommends', [one('q1', 'yes'), text('q3', 'fast'), one('q4', 'y')], ['q1', 'q3', 'q4']],
    [
      'satisfied, does not recommend',
      [one('q1', 'yes'), text('q3', ''), one('q4', 'n'), text('q5', 'ok')],
      ['q1', 'q3', 'q4', 'q5'],
    ],
    ['not satisfied, recommends', [one('q1', 'no'), one('q2', 'price'), one('q4', 'y')], ['q1', 'q2', 'q4']],
    [
      'not satisfied, does not recommend',
      [one('q1', 'no'), one('q2', 'price', 'speed'), one('q4', 'n'), text('q5', 'yes')],
      ['q1', 'q2', 'q4', 'q5'],
    ],
  ])(
    'when the respondent is %s, then each step asks the branch target and the path ends',
    (_name, answers, expected) => {
      const asked: string[] = [];
      for (let i = 0; i <= answers.length; i++) {
        const n = next(...answers.slice(0, i));
        if (n) asked.push(n);
      }
      expect(asked).toEqual(expected);
      expect(next(...answers)).toBeUndefined();
      expect(walkPath(q, answers)).toEqual({ answered: expected, complete: true });
    },
  );

  it('when an optional open question is skipped, then its default next follows', () => {
    expect(next(one('q1', 'yes'), { questionId: 'q3' })).toBe('q4');
  });

  it('when answers off the path exist, then they do not change the path', () => {
    expect(next(one('q1', 'yes'), one('q2', 'price'))).toBe('q3');
  });
});
