/** Liveness and readiness: ready only while Temporal and MongoDB both answer and no shutdown is under way. */
import { Router } from 'express';
import { pingMongo } from '../../store/connection';
import type { AppDeps, AppState } from '../deps';

async function pingTemporal(deps: AppDeps, timeoutMs = 2000): Promise<boolean> {
  try {
    await Promise.race([
      deps.temporal.connection.workflowService.getSystemInfo({}),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}

export function healthRouter(deps: AppDeps, state: AppState): Router {
  const r = Router();
  r.get('/live', (_req, res) => {
    res.json({ status: 'live' });
  });
  r.get('/ready', (req, res, next) => {
    const run = async (): Promise<void> => {
      if (state.shuttingDown) {
        res.status(503).type('application/problem+json').json({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'shutting down', instance: req.originalUrl });
        return;
      }
      const [mongo, temporal] = await Promise.all([pingMongo(deps.db), pingTemporal(deps)]);
      if (mongo && temporal) {
        res.json({ status: 'ready', mongo: 'up', temporal: 'up' });
        return;
      }
      const down = [!mongo && 'mongodb', !temporal && 'temporal'].filter(Boolean).join(' and ');
      res
        .status(503)
        .type('application/problem+json')
        .json({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: `${down} not answering`, instance: req.originalUrl, mongo: mongo ? 'up' : 'down', temporal: temporal ? 'up' : 'down' });
    };
    run().catch(next);
  });
  return r;
}
