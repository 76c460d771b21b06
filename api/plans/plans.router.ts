/** `/plans`: proactive-service plans, their targets, lifecycle, progress, evaluation and follow-up. */
import express from 'express';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { resource, route, type ResourceRoutes } from '../route';
import { actorBody, contactParams, createPlanBody, customerQuery, followUpBody, interveneBody, listQuery, planIdParam, targetList, updatePlanBody } from './plans.schemas';
import { createFollowUp, createPlan, evaluation, getPlan, intervene, listPlans, progress, replaceTargets, runs, transition, updatePlan } from './plans.service';
import { parseTargetCsv, queryTargets } from './plans.targets';
import { AppError } from '../errors';

const READERS = ['admin', 'process-owner', 'operator', 'auditor'] as const;
const WRITERS = ['admin', 'process-owner'] as const;
/** Who steers running plans. */
const STEERERS = ['admin', 'process-owner', 'operator'] as const;

export function planRoutes(deps: AppDeps): ResourceRoutes {
  const conn = deps.db;
  const csv = express.text({ type: ['text/csv', 'text/plain'], limit: '20mb' });
  return resource('/plans', 'plans', [
    route({ method: 'get', path: '/', summary: 'List plans (?status)', roles: READERS, query: listQuery, handler: ({ query }) => listPlans(conn, query) }),
    route({ method: 'post', path: '/', summary: 'Create a plan (status created), with a target list or a customer query', roles: WRITERS, body: createPlanBody, status: 201, handler: ({ body, user }) => createPlan(conn, body, user) }),
    route({ method: 'get', path: '/:id', summary: 'Get a plan', roles: READERS, params: planIdParam, handler: ({ params }) => getPlan(conn, params.id) }),
    route({ method: 'patch', path: '/:id', summary: 'Change a plan before it starts: name, description, priority, extra conditions (null removes them), concurrency, result requirements', roles: WRITERS, params: planIdParam, body: updatePlanBody, handler: ({ params, body, user }) => updatePlan(conn, params.id, body, user) }),
    route({
      method: 'put',
      path: '/:id/targets',
      summary: 'Replace the targets before start: CSV (header customerId[,priority,…]) or JSON {customers} / {query}',
      roles: WRITERS,
      params: planIdParam,
      before: [csv],
      bodyContentTypes: ['text/csv'],
      docBody: z.union([z.strictObject({ customers: targetList }), z.strictObject({ query: customerQuery })]),
      handler: async ({ req, params, user }) => {
        if (typeof req.body === 'string') return replaceTargets(conn, params.id, parseTargetCsv(req.body), { kind: 'csv' }, user);
        const parsed = z.union([z.strictObject({ customers: targetList }), z.strictObject({ query: customerQuery })]).safeParse(req.body);
        if (!parsed.success) throw AppError.badRequest('body: send text/csv, {"customers": [...]} or {"query": {...}}', [{ field: 'body', message: parsed.error.issues[0]?.message ?? 'invalid' }]);
        const b = parsed.data;
        return 'customers' in b
          ? replaceTargets(conn, params.id, b.customers, { kind: 'csv' }, user)
          : replaceTargets(conn, params.id, await queryTargets(conn, b.query), { kind: 'query', query: b.query }, user);
      },
    }),
    route({ method: 'post', path: '/:id/start', summary: 'created → started: starts the plan workflow', roles: STEERERS, params: planIdParam, body: actorBody, handler: ({ params, body, user }) => transition(deps, params.id, 'start', user, body.reason) }),
    route({ method: 'post', path: '/:id/pause', summary: 'started → paused: no new attempt starts', roles: STEERERS, params: planIdParam, body: actorBody, handler: ({ params, body, user }) => transition(deps, params.id, 'pause', user, body.reason) }),
    route({ method: 'post', path: '/:id/resume', summary: 'paused → started', roles: STEERERS, params: planIdParam, body: actorBody, handler: ({ params, body, user }) => transition(deps, params.id, 'resume', user, body.reason) }),
    route({ method: 'post', path: '/:id/cancel', summary: 'created | started | paused → cancelled', roles: STEERERS, params: planIdParam, body: actorBody, handler: ({ params, body, user }) => transition(deps, params.id, 'cancel', user, body.reason) }),
    route({ method: 'get', path: '/:id/progress', summary: 'Targets, done, reached, unreachable, in progress, failed, expired, cancelled', roles: READERS, params: planIdParam, handler: ({ params }) => progress(deps, params.id) }),
    route({ method: 'get', path: '/:id/runs', summary: 'A recurring plan: its schedule (paused, next run, skipped overlapping firings) and recent occurrences with their progress', roles: READERS, params: planIdParam, handler: ({ params }) => runs(deps, params.id) }),
    route({ method: 'get', path: '/:id/evaluation', summary: 'Evaluation report from the attempt ledger: completion, reach, satisfaction, needs met, goal; per channel and day part', roles: READERS, params: planIdParam, handler: ({ params }) => evaluation(conn, params.id) }),
    route({ method: 'post', path: '/:id/follow-up', summary: 'Create a follow-up plan from the customers not reached / not satisfied', roles: WRITERS, params: planIdParam, body: followUpBody, status: 201, handler: ({ params, body, user }) => createFollowUp(conn, params.id, body, user) }),
    route({ method: 'post', path: '/:id/contacts/:customerId/intervene', summary: 'Operator action on one contact: attempt now, or stop it', roles: STEERERS, params: contactParams, body: interveneBody, handler: ({ params, body, user }) => intervene(deps, params.id, params.customerId, body, user) }),
  ]);
}
