/**
 * The Express application, built from its dependencies and never listening by itself (main.ts
 * does that), so tests mount it with supertest on port 0.
 */
import express, { type Express } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pinoHttp } from 'pino-http';
import { auditRoutes } from './audit/audit.router';
import { caseAuditRoutes } from './audit/case-audit.router';
import { authRoutes } from './auth/auth.router';
import { authenticate } from './auth/authenticate';
import { loadJwtKey } from './auth/auth.service';
import { caseRoutes } from './cases/cases.router';
import { conformanceRoutes } from './conformance/conformance.router';
import { contactRoutes } from './contacts/contacts.router';
import { complaintRoutes } from './complaints/complaints.router';
import { customerRoutes } from './customers/customers.router';
import { customerLinkRoutes } from './customer-link/customer-link.router';
import { definitionRoutes, serviceTaskTypeRoutes } from './definitions/definitions.router';
import { messageRoutes } from './messages/messages.router';
import { calendarRoutes } from './calendars/calendars.router';
import { eventLogRoutes } from './eventlogs/eventlogs.router';
import type { AppDeps, AppState } from './deps';
import { AppError, notFoundHandler, problemHandler } from './errors';
import { rejectOperators } from './guard';
import { healthRouter } from './health/health.router';
import { knowledgeRoutes } from './knowledge/knowledge.router';
import { planRoutes } from './plans/plans.router';
import { questionnaireRoutes } from './questionnaires/questionnaires.router';
import { createMetrics } from './metrics';
import { buildOpenApi } from './openapi/document';
import { renderDocsPage } from './openapi/docs-page';
import type { ResourceRoutes } from './route';
import { statsRoutes } from './stats/stats.router';
import { strategyRoutes } from './strategies/strategies.router';
import { taskRoutes } from './tasks/tasks.router';
import { touchpointRoutes } from './touchpoints/touchpoints.router';
import { seedChannels } from './touchpoints/touchpoints.service';
import { userRoutes } from './users/users.router';

export interface TouchpointApp {
  app: Express;
  state: AppState;
}

const XML_TYPES = ['text/xml', 'application/xml', 'application/bpmn+xml'];

/** Builds the app; awaits the signing key so the first request can already be authenticated. */
export async function createApp(deps: AppDeps, state: AppState = { shuttingDown: false }): Promise<TouchpointApp> {
  const { config, db, log } = deps;
  state.jwtKey ??= await loadJwtKey(db, config.JWT_SECRET);
  const key = (): Uint8Array => state.jwtKey as Uint8Array;
  await seedChannels(db);
  const metrics = createMetrics();

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', false);

  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    }),
  );
  app.use(metrics.middleware);
  app.use(helmet());

  app.use('/health', healthRouter(deps, state));
  app.get('/metrics', metrics.handler);

  app.use(
    rateLimit({
      windowMs: 60_000,
      limit: config.RATE_LIMIT_PER_MINUTE,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, _res, next) => next(new AppError(429, 'TooManyRequests', 'rate limit exceeded; retry later')),
    }),
  );
  app.use(express.json({ limit: config.BODY_LIMIT, type: ['application/json', 'application/*+json'] }));
  app.use(express.text({ limit: config.BODY_LIMIT, type: XML_TYPES }));
  app.use(rejectOperators);
  app.use(authenticate(db, key));

  const resources: ResourceRoutes[] = [
    authRoutes(db, key),
    userRoutes(db),
    definitionRoutes(deps),
    messageRoutes(deps),
    calendarRoutes(db),
    serviceTaskTypeRoutes(),
    touchpointRoutes(db),
    contactRoutes(deps),
    caseRoutes(deps),
    taskRoutes(deps),
    customerRoutes(db),
    complaintRoutes(deps),
    knowledgeRoutes(deps),
    auditRoutes(db),
    caseAuditRoutes(deps),
    eventLogRoutes(db),
    conformanceRoutes(deps),
    statsRoutes(db),
    strategyRoutes(db),
    questionnaireRoutes(db),
    customerLinkRoutes(db, key),
    planRoutes(deps),
  ];
  for (const r of resources) app.use(r.prefix, r.router);

  let openapi: object | undefined;
  const doc = (): object => (openapi ??= buildOpenApi(resources, '0.1.0'));
  app.get('/openapi.json', (_req, res) => {
    res.json(doc());
  });
  app.get('/docs', (_req, res) => {
    res.type('html').send(renderDocsPage(doc()));
  });

  const modelerDist = path.resolve(__dirname, '..', 'modeler', 'dist');
  if (existsSync(path.join(modelerDist, 'index.html'))) {
    app.use(express.static(modelerDist, { index: 'index.html', maxAge: '1h' }));
  }

  app.use(notFoundHandler);
  app.use(problemHandler);
  return { app, state };
}
