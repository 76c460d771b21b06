/** All activities of the worker, built from their dependencies. */
import type { Connection } from 'mongoose';
import { createCampaignActivities } from './campaign';
import type { ChannelAdapter } from './campaign/channel';
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
  /** Campaign channels (default: the simulated channel). */
  channels?: ChannelAdapter;
}

// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- the inferred object type is the activity contract
export function createActivities(deps: ActivityDeps) {
  return {
    ...createEngineActivities(deps),
    ...createConformanceActivities({ db: deps.db }),
    ...createCampaignActivities(deps),
    ...createComplaintActivities({ db: deps.db, channels: deps.complaintChannels ?? simulatorChannels() }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
