/**
 * Questionnaires (one document per code, the definition kept as the core's plain JSON) and the
 * answer sheets given to them, each with its validity verdict.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { Answer, Problem, Question, ValidityRules } from '../../core/questionnaire';
import { modelOn } from '../model';

export const QUESTIONNAIRE_STATUSES = ['active', 'archived'] as const;

export interface QuestionnaireDoc {
  /** The questionnaire code. */
  _id: string;
  name: string;
  purpose?: string;
  summary?: string;
  provider: { department: string; designer: string };
  validFrom?: number;
  validUntil?: number;
  questions: Question[];
  validity?: ValidityRules;
  status: (typeof QUESTIONNAIRE_STATUSES)[number];
  /** Bumped on every change. */
  revision: number;
  createdBy: string;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const questionnaireSchema = new Schema<QuestionnaireDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    purpose: String,
    summary: String,
    provider: { type: Schema.Types.Mixed, required: true },
    validFrom: Number,
    validUntil: Number,
    questions: { type: Schema.Types.Mixed, default: [] },
    validity: Schema.Types.Mixed,
    status: { type: String, enum: QUESTIONNAIRE_STATUSES, default: 'active' },
    revision: { type: Number, default: 1 },
    createdBy: { type: String, required: true },
    updatedBy: { type: String, required: true },
  },
  { strict: 'throw', versionKey: false, minimize: false, collection: 'campaign_questionnaires', timestamps: true },
);

/** Questionnaires bound to a connection. */
export function questionnaireModel(conn: Connection): Model<QuestionnaireDoc> {
  return modelOn(conn, 'CampaignQuestionnaire', questionnaireSchema);
}

export interface AnswerSheetDoc {
  /** The answer-sheet id. */
  _id: string;
  questionnaireCode: string;
  planId?: string;
  respondent: string;
  startedAt?: number;
  answeredAt: number;
  answers: Answer[];
  valid: boolean;
  reasons: Problem[];
  recordedBy: string;
}

const sheetSchema = new Schema<AnswerSheetDoc>(
  {
    _id: { type: String, required: true },
    questionnaireCode: { type: String, required: true },
    planId: String,
    respondent: { type: String, required: true },
    startedAt: Number,
    answeredAt: { type: Number, required: true },
    answers: { type: Schema.Types.Mixed, default: [] },
    valid: { type: Boolean, required: true },
    reasons: { type: Schema.Types.Mixed, default: [] },
    recordedBy: { type: String, required: true },
  },
  { strict: 'throw', versionKey: false, minimize: false, collection: 'campaign_answer_sheets' },
);
sheetSchema.index({ questionnaireCode: 1, answeredAt: 1 });
sheetSchema.index({ planId: 1 });

/** Answer sheets bound to a connection. */
export function answerSheetModel(conn: Connection): Model<AnswerSheetDoc> {
  return modelOn(conn, 'CampaignAnswerSheet', sheetSchema);
}
