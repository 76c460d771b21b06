import { END, questionnaireProblems, validateQuestionnaire, QuestionnaireError } from '../../../core/questionnaire';
import { surveyFixture } from './fixture';

const codes = (q: ReturnType<typeof surveyFixture>): [string, string | undefined][] =>
  questionnaireProblems(q).map((p) => [p.code, p.questionId]);

describe('questionnaire definition validation', () => {
  it('when a branch goes to an unknown question, then the problem names the question', () => {
    const q = surveyFixture();
    q.questions[0].options![0].next = 'q9';
    expect(codes(q)).toEqual([['unknown-target', 'q1']]);
  });

  it('when branching loops back, then a cycle is reported naming the question looped to', () => {
    const q = surveyFixture();
    q.questions[3].options![1].next = 'q1';
    const problems = questionnaireProblems(q);
    expect(problems.map((p) => p.code)).toContain('cycle');
    expect(problems.find((p) => p.code === 'cycle')!.questionId).toBe('q1');
  });

  it('when numbers, ids or option codes repeat, then each duplicate is reported', () => {
    const q = surveyFixture();
    q.questions[1].number = 1;
    q.questions[1].options![1].code = 'price';
    expect(codes(q)).toEqual([
      ['duplicate-number', 'q2'],
      ['duplicate-option-code', 'q2'],
    ]);
    const q2 = surveyFixture();
    q2.questions[4].id = 'q4';
    expect(codes(q2)).toContainEqual(['duplicate-id', 'q4']);
  });

  it('when no path reaches a question, then it is reported unreachable', () => {
    const q = surveyFixture();
    q.questions[3].options![1].next = END;
    expect(codes(q)).toEqual([['unreachable', 'q5']]);
  });

  it('when choice questions lack options or limits are impossible, then they are reported', () => {
    const q = surveyFixture();
    q.questions[1].maxChoices = 5;
    q.questions[2].options = [{ code: 'x', text: 'x' }];
    expect(codes(q)).toEqual([
      ['choice-limits', 'q2'],
      ['options-on-open', 'q3'],
    ]);
  });

  it('when the definition is invalid, then validateQuestionnaire throws with every problem', () => {
    const q = surveyFixture();
    q.questions[0].options![0].next = 'q9';
    q.validUntil = q.validFrom;
    expect(() => validateQuestionnaire(q)).toThrow(QuestionnaireError);
    try {
      validateQuestionnaire(q);
    } catch (e) {
      expect((e as QuestionnaireError).problems).toHaveLength(2);
    }
  });
});
