/** Prometheus metrics: process defaults plus request counts and latencies by route. */
import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  middleware: RequestHandler;
  handler: RequestHandler;
}

/** A registry per app, so several apps in one test process do not collide. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const middleware: RequestHandler = (req, res, next) => {
    const end = duration.startTimer();
    res.on('finish', () => {
      const routePath = (req.route as { path?: string } | undefined)?.path;
      const labels = { method: req.method, route: routePath ? `${req.baseUrl}${routePath}` : 'unmatched', status: String(res.statusCode) };
      requests.inc(labels);
      end(labels);
    });
    next();
  };
  const handler: RequestHandler = (_req, res, next) => {
    registry
      .metrics()
      .then((text) => {
        res.type(registry.contentType).send(text);
      })
      .catch(next);
  };
  return { registry, middleware, handler };
}
