/** `/stats`: figures computed from the engine's trace events for the modeler's overlays. */
import type { Connection } from 'mongoose';
import { resource, route, type ResourceRoutes } from '../route';
import { heatmapParams, heatmapResponse } from './stats.schemas';
import { versionHeatmap } from './stats.service';

const READERS = ['admin', 'process-owner', 'operator', 'auditor'] as const;

export function statsRoutes(db: Connection): ResourceRoutes {
  return resource('/stats', 'stats', [
    route({
      method: 'get',
      path: '/definitions/:id/heatmap',
      summary: 'Per element of one process version: cases that reached it, mean time spent, tokens there now',
      roles: READERS,
      params: heatmapParams,
      response: heatmapResponse,
      handler: ({ params }) => versionHeatmap(db, params.id),
    }),
  ]);
}
