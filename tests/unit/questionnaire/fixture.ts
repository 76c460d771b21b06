import { END, type Answer, type AnswerSheet, type Questionnaire } from '../../../core/questionnaire';

/**
 * Q1 satisfied? yes -> Q3, no -> Q2
 * Q2 why not? (multiple, max 2) -> Q4
 * Q3 what did you like? (open, optional) -> Q4 (following question)
 * Q4 recommend? y -> end, n -> Q5
 * Q5 may we call back? (open) -> end (last question)
 */
export function surveyFixture(): Questionnaire {
  return {
    code: 'SAT-1',
    name: 'Return visit satisfaction',
    purpose: 'satisfaction after repair',
    summary: 'five questions',
    provider: { department: 'Quality', designer: 'li.wei' },
    validFrom: Date.UTC(2026, 0, 1),
    validUntil: Date.UTC(2027, 0, 1),
    questions: [
      {
        id: 'q1',
        number: 1,
        text: 'Were you satisfied?',
        type: 'single',
        required: true,
        options: [
          { code: 'yes', text: 'Yes', next: 'q3' },
          { code: 'no', text: 'No', next: 'q2' },
        ],
      },
      {
        id: 'q2',
        number: 2,
        text: 'Why not?',
        type: 'multiple',
        required: true,
        maxChoices: 2,
        next: 'q4',
        options: [
          { code: 'price', text: 'Price' },
          { code: 'service', text: 'Service' },
          { code: 'speed', text: 'Speed' },
        ],
      },
      { id: 'q3', number: 3, text: 'What did you like?', type: 'open', required: false },
      {
        id: 'q4',
        number: 4,
        text: 'Would you recommend us?',
        type: 'single',
        required: true,
        options: [
          { code: 'y', text: 'Yes', next: END },
          { code: 'n', text: 'No', next: 'q5' },
        ],
      },
      { id: 'q5', number: 5, text: 'May we call you back?', type: 'open', required: true },
    ],
  };
}

export const one = (questionId: string, ...options: string[]): Answer => ({ questionId, options });
export const text = (questionId: string, t: string): Answer => ({ questionId, text: t });

export function sheet(id: string, answers: Answer[], extra: Partial<AnswerSheet> = {}): AnswerSheet {
  return {
    id,
    questionnaireCode: 'SAT-1',
    respondent: `cust-${id}`,
    startedAt: Date.UTC(2026, 5, 1, 10, 0),
    answeredAt: Date.UTC(2026, 5, 1, 10, 5),
    answers,
    ...extra,
  };
}
