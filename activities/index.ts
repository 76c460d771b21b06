/** All activities of the worker, built from their dependencies. */
import type { Connection } from 'mongoose';
import { simulatorChannels } from './channels/simulator';
import type { ChannelRegistry } from './channels/types';
import { createComplaintActivities } from './complaints/sla-activities';
import { createConformanceActivities } from './conformance';
import { createEngineActivities } from './engine';
import type { HandlerRegistry } from './engine/handlers/registry';

export interface ActivityDeps {
  db: Connection;
  handlers: HandlerRegistry;
  /** Complaint channels, one adapter per channel (default: simulators). */
  complaintChannels?: ChannelRegistry;
}

// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- the inferred object type is the activity contract
export function createActivities(deps: ActivityDeps) {
  return {
    ...createEngineActivities(deps),
    ...createConformanceActivities({ db: deps.db }),
    ...createComplaintActivities({ db: deps.db, channels: deps.complaintChannels ?? simulatorChannels() }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
