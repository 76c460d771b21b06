/** `/complaints`: intake, list and filter, detail with SLA clocks, reply, customer answers, reopen, monthly report. */
import { z } from 'zod';
import { idempotencyKeyHeader } from '../contacts/contacts.schemas';
import type { AppDeps } from '../deps';
import { idParam, resource, route, type ResourceRoutes } from '../route';
import { monthlyReport } from '../../store/complaint-report';
import { complaintView, customerInfoBody, listQuery, monthQuery, reopenBody, replyBody, submitBody, submitResult, summariesQuery, surveyBody } from './complaints.schemas';
import { answerSurvey, customerInfo, getComplaint, listComplaints, reopenComplaint, replyToComplaint, submitComplaint } from './complaints.service';
import { listStoredSummaries } from './summaries.service';

const READERS = ['admin', 'operator', 'agent', 'auditor', 'process-owner'] as const;
const WORKERS = ['admin', 'operator', 'agent'] as const;

export function complaintRoutes(deps: AppDeps): ResourceRoutes {
  return resource('/complaints', 'complaints', [
    route({
      method: 'post',
      path: '/',
      summary: 'Submit a complaint on any channel: starts (or finds, by Idempotency-Key) its case',
      roles: WORKERS,
      body: submitBody,
      response: submitResult,
      handler: async ({ req, res, body, user }) => {
        const out = await submitComplaint(deps, body, idempotencyKeyHeader(req), user);
        res.status(out.created ? 201 : 200).location(out.links.self).json(out);
        return undefined;
      },
    }),
    route({
      method: 'get',
      path: '/',
      summary: 'List complaints, filtered by status, SLA state, department, channel or customer',
      roles: READERS,
      query: listQuery,
      response: z.object({ items: z.array(complaintView), total: z.number() }),
      handler: ({ query, user }) => listComplaints(deps, query, user),
    }),
    route({
      method: 'get',
      path: '/reports/monthly',
      summary: 'Monthly summary per department: counts by kind and category, SLA compliance, satisfaction, top issues',
      roles: READERS,
      query: monthQuery,
      handler: ({ query }) => monthlyReport(deps.db, query.month, query.department),
    }),
    route({
      method: 'get',
      path: '/reports/summaries',
      summary: 'The monthly summaries the Schedule stored: one month (?month=YYYY-MM) or the latest months, newest first',
      roles: READERS,
      query: summariesQuery,
      handler: ({ query }) => listStoredSummaries(deps.db, query),
    }),
    route({
      method: 'get',
      path: '/:id',
      summary: 'One complaint with its timeline, replies, escalations and SLA clocks',
      roles: READERS,
      params: idParam,
      handler: ({ params, user }) => getComplaint(deps, params.id, user),
    }),
    route({
      method: 'post',
      path: '/:id/reply',
      summary: 'The agent answers (or asks the customer first): completes the handling task',
      roles: WORKERS,
      params: idParam,
      body: replyBody,
      handler: ({ params, body, user }) => replyToComplaint(deps, params.id, body, user),
    }),
    route({
      method: 'post',
      path: '/:id/customer-info',
      summary: 'The customer answered a question: the SLA clock resumes',
      roles: WORKERS,
      params: idParam,
      body: customerInfoBody,
      handler: ({ params, body }) => customerInfo(deps, params.id, body.text),
    }),
    route({
      method: 'post',
      path: '/:id/survey',
      summary: 'The customer rated the handling (1–5); below 3 reopens',
      roles: WORKERS,
      params: idParam,
      body: surveyBody,
      handler: ({ params, body }) => answerSurvey(deps, params.id, body.score, body.comment),
    }),
    route({
      method: 'post',
      path: '/:id/reopen',
      summary: 'Reopen a closed complaint within the allowed days',
      roles: WORKERS,
      params: idParam,
      body: reopenBody,
      handler: ({ params, body, user }) => reopenComplaint(deps, params.id, body.reason, user),
    }),
  ]);
}
