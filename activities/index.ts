/** All activities of the worker, built from their dependencies. */
import type { Connection } from 'mongoose';
import { createEngineActivities } from './engine';
import type { HandlerRegistry } from './engine/handlers/registry';

export interface ActivityDeps {
  db: Connection;
  handlers: HandlerRegistry;
}

// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- the inferred object type is the activity contract
export function createActivities(deps: ActivityDeps) {
  return { ...createEngineActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
