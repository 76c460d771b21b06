/** Answer types a question may have. */
export type QuestionType = 'single' | 'multiple' | 'open';

/** The branch target that ends the questionnaire. */
export const END = '$end';

/** A branch target: a question id, or {@link END}. */
export type Target = string;

/** One answer option of a choice question. */
export interface AnswerOption {
  /** Stable code stored in answer sheets; unique within its question. */
  code: string;
  text: string;
  /** Where the script goes when this option is chosen; absent means the question's default next. */
  next?: Target;
}

/** One question. `id` is stable (branches refer to it); `number` is what people see and may change. */
export interface Question {
  id: string;
  number: number;
  text: string;
  type: QuestionType;
  required: boolean;
  /** Options of a single or multiple choice question; absent or empty for open questions. */
  options?: AnswerOption[];
  /** Default next step; absent means the following question in list order (or the end after the last). */
  next?: Target;
  /** Multiple choice: fewest options that must be chosen when answered (default 1). */
  minChoices?: number;
  /** Multiple choice: most options that may be chosen (default: all). */
  maxChoices?: number;
}

/** Who provides a questionnaire. */
export interface Provider {
  department: string;
  designer: string;
}

/** Rules deciding whether an answer sheet counts as valid, beyond the questionnaire's own structure. */
export interface ValidityRules {
  /** At least this many questions answered. */
  minAnswered?: number;
  /** At most this long between start and finish. */
  maxDurationMs?: number;
  /** At least this long between start and finish (too-fast sheets are suspect). */
  minDurationMs?: number;
  /** The sheet must reach the end of its path (default true). */
  requireComplete?: boolean;
}

/** A questionnaire definition; plain JSON so it travels through workflow inputs. */
export interface Questionnaire {
  code: string;
  name: string;
  purpose?: string;
  summary?: string;
  provider: Provider;
  /** Validity period as epoch milliseconds, inclusive start, exclusive end. */
  validFrom?: number;
  validUntil?: number;
  /** Questions in display order; the first is where every script starts. */
  questions: Question[];
  validity?: ValidityRules;
}

/** The answer to one question. */
export interface Answer {
  questionId: string;
  /** Chosen option codes (single: exactly one). */
  options?: string[];
  /** Open text. */
  text?: string;
}

/** One respondent's answers to one questionnaire. */
export interface AnswerSheet {
  id: string;
  questionnaireCode: string;
  respondent: string;
  /** Epoch milliseconds. */
  startedAt?: number;
  answeredAt: number;
  answers: Answer[];
}

/** One fault found in a questionnaire or an answer sheet; `questionId` names the question when there is one. */
export interface Problem {
  code: string;
  message: string;
  questionId?: string;
}

/** Thrown when a questionnaire or its JSON is malformed; `problems` lists every fault found. */
export class QuestionnaireError extends Error {
  constructor(
    message: string,
    readonly problems: Problem[] = [{ code: 'invalid', message }],
  ) {
    super(message);
    this.name = 'QuestionnaireError';
  }
}
