/**
 * `/audit` for cases and processes: a case's Temporal history (JSON) and trace (XES), a process's
 * engine log (XES), replay of a case against the running code, signed evidence bundles.
 */
import { z } from 'zod';
import { engineCases, engineTraceToXes, ENGINE_LOG_HEADER } from '../../activities/conformance/engine-traces';
import type { AppDeps } from '../deps';
import { streamXes } from '../eventlogs/eventlogs.service';
import { resource, route, type ResourceRoutes } from '../route';
import { appendAudit } from './audit.service';
import { caseEvidence, caseTraceXes, publicKeyPem } from './evidence.service';
import { fetchCaseHistory, historyToJson, replayCase } from './replay.service';

const READERS = ['admin', 'auditor'] as const;
const EXPORTERS = ['admin', 'auditor', 'process-owner'] as const;
/** Replay changes nothing (it re-runs a history in the API process), so auditors may do it. */
const REPLAYERS = ['admin', 'process-owner', 'auditor'] as const;

const safeId = z.string().min(1).max(200).regex(/^[\w.:@-]+$/, 'invalid id');
const caseParam = z.strictObject({ id: safeId });
const processParam = z.strictObject({ processId: safeId });
const logQuery = z.strictObject({ version: z.coerce.number().int().min(1).optional(), touchpoint: safeId.optional() });
const replayBody = z.strictObject({ caseId: safeId });

export function caseAuditRoutes(deps: AppDeps): ResourceRoutes {
  const { db } = deps;
  return resource('/audit', 'audit', [
    route({
      method: 'get',
      path: '/cases/:id/history',
      summary: "A case's Temporal history as proto-JSON",
      roles: READERS,
      params: caseParam,
      handler: async ({ params }) => historyToJson(await fetchCaseHistory(deps.temporal, params.id)),
    }),
    route({
      method: 'get',
      path: '/cases/:id/trace.xes',
      summary: "A case's trace as IEEE 1849 XES",
      roles: EXPORTERS,
      params: caseParam,
      handler: async ({ params, res }) => {
        res.status(200).type('application/xml').send(await caseTraceXes(db, params.id));
        return undefined;
      },
    }),
    route({
      method: 'get',
      path: '/processes/:processId/log.xes',
      summary: "A process's engine log (optionally one version or touchpoint) as XES for ProM, PM4Py or Celonis",
      roles: EXPORTERS,
      params: processParam,
      query: logQuery,
      handler: async ({ params, query, res }) => {
        async function* traces(): AsyncGenerator<ReturnType<typeof engineTraceToXes>> {
          for await (const c of engineCases(db, { processId: params.processId, ...query })) yield engineTraceToXes(c.caseId, c.events);
        }
        await streamXes(res, ENGINE_LOG_HEADER, traces(), `${params.processId}.xes`);
        return undefined;
      },
    }),
    route({
      method: 'post',
      path: '/replay',
      summary: "Replay a case's history against the workflow code running now: reproduced, or the non-determinism found",
      roles: REPLAYERS,
      readOnly: true,
      body: replayBody,
      handler: async ({ body, user }) => {
        const verdict = await replayCase(deps.temporal, body.caseId);
        await appendAudit(db, { actor: user.username, action: 'audit.replay', target: body.caseId, after: { result: verdict.result, buildId: verdict.buildId } });
        return verdict;
      },
    }),
    route({
      method: 'get',
      path: '/cases/:id/evidence',
      summary: 'A signed evidence bundle of the case (verify offline with npm run verify-evidence)',
      roles: READERS,
      params: caseParam,
      handler: async ({ params, res }) => {
        const bundle = await caseEvidence(deps, params.id);
        res.setHeader('Content-Disposition', `attachment; filename="evidence-${params.id}.json"`);
        return bundle;
      },
    }),
    route({
      method: 'get',
      path: '/evidence/public-key',
      summary: 'The public key evidence bundles are signed with (PEM)',
      roles: READERS,
      handler: async ({ res }) => {
        res.status(200).type('application/x-pem-file').send(await publicKeyPem(db));
        return undefined;
      },
    }),
  ]);
}
