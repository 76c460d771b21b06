import { checkAnswerSheet } from '../../../core/questionnaire';
import { one, sheet, surveyFixture, text } from './fixture';

describe('answer sheet validity', () => {
  const q = surveyFixture();
  const reasons = (...args: Parameters<typeof sheet>): [string, string | undefined][] =>
    checkAnswerSheet(q, sheet(...args)).reasons.map((r) => [r.code, r.questionId]);

  it('when a sheet follows a full path correctly, then it is valid', () => {
    const v = checkAnswerSheet(q, sheet('1', [one('q1', 'no'), one('q2', 'price', 'speed'), one('q4', 'y')]));
    expect(v).toEqual({ valid: true, reasons: [], path: ['q1', 'q2', 'q4'] });
  });

  it('when a question off the path is answered, then the sheet is invalid naming it', () => {
    expect(reasons('1', [one('q1', 'yes'), one('q2', 'price'), one('q3'), one('q4', 'y')])).toEqual([
      ['off-path', 'q2'],
    ]);
  });

  it('when a required question on the path is skipped, then the sheet is invalid', () => {
    expect(reasons('1', [one('q1', 'yes'), one('q4', 'n'), { questionId: 'q3' }, { questionId: 'q5' }])).toEqual([
      ['required', 'q5'],
    ]);
  });

  it('when option codes are unknown or counts break the limits, then each is a reason', () => {
    expect(reasons('1', [one('q1', 'no'), one('q2', 'price', 'speed', 'service'), one('q4', 'maybe')])).toEqual([
      ['incomplete', 'q5'],
      ['choice-count', 'q2'],
      ['unknown-option', 'q4'],
    ]);
    expect(reasons('1', [one('q1', 'yes', 'no'), one('q3'), one('q4', 'y')])).toEqual([['choice-count', 'q1']]);
  });

  it('when the path stops before the end, then the sheet is incomplete, unless rules allow it', () => {
    expect(reasons('1', [one('q1', 'yes')])).toEqual([['incomplete', 'q3']]);
    expect(checkAnswerSheet(q, sheet('1', [one('q1', 'yes')]), { requireComplete: false }).valid).toBe(true);
  });

  it('when validity rules demand more answers or less time, then the sheet is flagged with reasons', () => {
    const s = sheet('1', [one('q1', 'yes'), { questionId: 'q3' }, one('q4', 'y')], {
      startedAt: Date.UTC(2026, 5, 1, 10, 0),
      answeredAt: Date.UTC(2026, 5, 1, 10, 20),
    });
    const v = checkAnswerSheet(q, s, { minAnswered: 3, maxDurationMs: 15 * 60_000 });
    expect(v.valid).toBe(false);
    expect(v.reasons.map((r) => r.code)).toEqual(['min-answered', 'too-slow']);
  });

  it('when answered outside the validity period or for another questionnaire, then it is invalid', () => {
    const v = checkAnswerSheet(
      q,
      sheet('1', [one('q1', 'yes'), one('q3'), one('q4', 'y')], {
        answeredAt: Date.UTC(2027, 1, 1),
        questionnaireCode: 'X',
      }),
    );
    expect(v.reasons.map((r) => r.code)).toEqual(['wrong-questionnaire', 'outside-validity']);
  });

  it('when the same question is answered twice, then it is flagged', () => {
    expect(reasons('1', [one('q1', 'yes'), text('q3', 'a'), text('q3', 'b'), one('q4', 'y')])).toEqual([
      ['duplicate-answer', 'q3'],
    ]);
  });
});
