/**
 * Customer links: an operator or agent issues a signed, expiring link for one target customer of a
 * plan and one questionnaire; the customer, with no account, reads the questionnaire, follows its
 * branches and submits one answer sheet. The sheet id is derived from the link id, so a link
 * answers once: a second submission is refused, never stored twice.
 */
import type { Connection } from 'mongoose';
import type { z } from 'zod';
import { checkAnswerSheet, walkPath, type Question } from '../../core/questionnaire';
import { planModel } from '../../store/campaign/plans';
import { answerSheetModel } from '../../store/campaign/questionnaires';
import { targetModel } from '../../store/campaign/targets';
import { appendAudit } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { AppError } from '../errors';
import { getQuestionnaire, toQuestionnaire } from '../questionnaires/questionnaires.service';
import type { issueLinkBody, linkAnswersBody, linkSubmitBody } from './customer-link.schemas';
import { signLink, type LinkGrant } from './customer-link.token';

/** Faults the customer can correct; the sheet is refused (422) and the link stays usable. */
const CORRECTABLE = new Set(['unknown-question', 'off-path', 'incomplete', 'required', 'options-on-open', 'unknown-option', 'repeated-option', 'choice-count', 'duplicate-answer']);

const sheetIdOf = (grant: LinkGrant): string => `link:${grant.jti}`;

export interface IssuedLink {
  token: string;
  /** The page a customer opens; the token sits in the fragment, which browsers never send to servers. */
  path: string;
  expiresAt: number;
  planId: string;
  customerId: string;
  questionnaireCode: string;
}

export async function issueLink(conn: Connection, key: Uint8Array, body: z.infer<typeof issueLinkBody>, actor: Principal): Promise<IssuedLink> {
  const plan = await planModel(conn).findById(body.planId).lean();
  if (!plan) throw AppError.unprocessable(`no plan ${body.planId}`, [{ field: 'body.planId', message: 'no such plan' }]);
  if (plan.status === 'cancelled') throw AppError.conflict(`plan ${body.planId} is cancelled; it collects no answers`);
  if (!(await targetModel(conn).exists({ _id: `${body.planId}:${body.customerId}` }))) {
    throw AppError.unprocessable(`customer ${body.customerId} is not a target of plan ${body.planId}`, [{ field: 'body.customerId', message: 'not a target of the plan' }]);
  }
  const planQuestionnaire = plan.service?.questionnaireCode;
  const code = body.questionnaireCode ?? planQuestionnaire;
  if (!code) throw AppError.unprocessable('the plan names no questionnaire; give one', [{ field: 'body.questionnaireCode', message: 'required: the plan names none' }]);
  if (planQuestionnaire && code !== planQuestionnaire) {
    throw AppError.unprocessable(`plan ${body.planId} uses questionnaire ${planQuestionnaire}, not ${code}`, [{ field: 'body.questionnaireCode', message: `the plan uses ${planQuestionnaire}` }]);
  }
  const q = await getQuestionnaire(conn, code).catch(() => {
    throw AppError.unprocessable(`no questionnaire ${code}`, [{ field: 'body.questionnaireCode', message: 'no such questionnaire' }]);
  });
  if (q.status === 'archived') throw AppError.conflict(`questionnaire ${code} is archived and takes no answers`);
  if (!withinValidity(q, Date.now())) throw AppError.conflict(`questionnaire ${code} is outside its validity period`);
  const { token, grant } = await signLink(key, { planId: body.planId, customerId: body.customerId, questionnaireCode: code }, body.ttlHours * 3600);
  await appendAudit(conn, { actor: actor.username, action: 'customer-link.issue', target: `plan:${body.planId}`, after: { customerId: body.customerId, questionnaireCode: code, jti: grant.jti, expiresAt: grant.expiresAt } });
  return { token, path: `/#/answer/${token}`, expiresAt: grant.expiresAt, planId: grant.planId, customerId: grant.customerId, questionnaireCode: code };
}

/** What a customer sees: the questionnaire without its internal rules, and whether the link was used. */
export interface LinkView {
  code: string;
  name: string;
  purpose?: string;
  summary?: string;
  questions: Question[];
  expiresAt: number;
  answered: boolean;
}

const withinValidity = (q: { validFrom?: number; validUntil?: number }, at: number): boolean =>
  (q.validFrom === undefined || at >= q.validFrom) && (q.validUntil === undefined || at < q.validUntil);

/** The questionnaire a link grants, while it takes answers (not archived, inside its validity period). */
async function activeQuestionnaire(conn: Connection, grant: LinkGrant): Promise<ReturnType<typeof toQuestionnaire>> {
  const d = await getQuestionnaire(conn, grant.questionnaireCode);
  if (d.status === 'archived' || !withinValidity(d, Date.now())) throw AppError.conflict('this questionnaire is closed');
  return toQuestionnaire(d);
}

export async function viewLink(conn: Connection, grant: LinkGrant): Promise<LinkView> {
  const q = await activeQuestionnaire(conn, grant);
  const answered = !!(await answerSheetModel(conn).exists({ _id: sheetIdOf(grant) }));
  return {
    code: q.code,
    name: q.name,
    ...(q.purpose ? { purpose: q.purpose } : {}),
    ...(q.summary ? { summary: q.summary } : {}),
    questions: q.questions,
    expiresAt: grant.expiresAt,
    answered,
  };
}

export async function linkScript(conn: Connection, grant: LinkGrant, body: z.infer<typeof linkAnswersBody>): Promise<{ answered: string[]; next?: Question; complete: boolean }> {
  const walk = walkPath(await activeQuestionnaire(conn, grant), body.answers);
  return { answered: walk.answered, ...(walk.pending ? { next: walk.pending } : {}), complete: walk.complete };
}

/**
 * Stores the customer's answer sheet (respondent = the customer, plan and questionnaire from the
 * link). Faults the customer can fix are refused with 422 naming the question; faults of the
 * validity rules (too fast, outside the period) are stored with the sheet flagged invalid.
 */
export async function submitLinkSheet(
  conn: Connection,
  grant: LinkGrant,
  body: z.infer<typeof linkSubmitBody>,
): Promise<{ id: string; valid: boolean; reasons: { code: string; message: string }[] }> {
  const q = await activeQuestionnaire(conn, grant);
  const id = sheetIdOf(grant);
  if (await answerSheetModel(conn).exists({ _id: id })) throw AppError.conflict('this link has already been used to answer');
  const answeredAt = Date.now();
  const verdict = checkAnswerSheet(q, {
    id,
    questionnaireCode: q.code,
    respondent: grant.customerId,
    ...(body.startedAt !== undefined ? { startedAt: body.startedAt } : {}),
    answeredAt,
    answers: body.answers,
  });
  const fixable = verdict.reasons.filter((r) => CORRECTABLE.has(r.code));
  if (fixable.length > 0) {
    throw AppError.unprocessable(
      `the answers are not complete: ${fixable.map((r) => r.message).join('; ')}`,
      fixable.map((r) => ({ field: r.questionId ? `body.answers[${r.questionId}]` : 'body.answers', message: r.message })),
    );
  }
  try {
    await answerSheetModel(conn).create({
      _id: id,
      questionnaireCode: q.code,
      planId: grant.planId,
      respondent: grant.customerId,
      ...(body.startedAt !== undefined ? { startedAt: body.startedAt } : {}),
      answeredAt,
      answers: body.answers,
      valid: verdict.valid,
      reasons: verdict.reasons,
      recordedBy: 'customer-link',
    });
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw AppError.conflict('this link has already been used to answer');
    throw err;
  }
  return { id, valid: verdict.valid, reasons: verdict.reasons.map((r) => ({ code: r.code, message: r.message })) };
}
