/** The touchpoint map: businesses, channels, customer segments and the touchpoints that join them. */
import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from './model';

export const BUSINESS_CLASSES = ['acceptance', 'query', 'consultation', 'complaint'] as const;
export type BusinessClass = (typeof BUSINESS_CLASSES)[number];

export interface BusinessDoc {
  _id: string; // the business code
  name: string;
  class: BusinessClass;
  description?: string;
}
export interface ChannelDoc {
  _id: string; // the channel code
  name: string;
}
export interface SegmentDoc {
  _id: string; // the segment (brand) code
  name: string;
}
export interface TouchpointDoc {
  /** Generated code: channel-segment-business (segment `ALL` when none). */
  _id: string;
  business: string;
  channel: string;
  segment?: string;
  /** Process id served; `version` pins one version, absent means the latest. */
  processId?: string;
  version?: number;
  updatedAt: Date;
}

const businessSchema = new Schema<BusinessDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    class: { type: String, enum: BUSINESS_CLASSES, required: true },
    description: String,
  },
  { collection: 'businesses', versionKey: false },
);
const channelSchema = new Schema<ChannelDoc>(
  { _id: { type: String, required: true }, name: { type: String, required: true } },
  { collection: 'channels', versionKey: false },
);
const segmentSchema = new Schema<SegmentDoc>(
  { _id: { type: String, required: true }, name: { type: String, required: true } },
  { collection: 'segments', versionKey: false },
);
const touchpointSchema = new Schema<TouchpointDoc>(
  {
    _id: { type: String, required: true },
    business: { type: String, required: true },
    channel: { type: String, required: true },
    segment: String,
    processId: String,
    version: Number,
  },
  { collection: 'touchpoints', versionKey: false, timestamps: { createdAt: false, updatedAt: true } },
);
touchpointSchema.index({ business: 1, channel: 1 });

/** Channels every new installation starts with; more can be added. */
export const DEFAULT_CHANNELS: ChannelDoc[] = [
  { _id: 'VOICE', name: 'Voice call' },
  { _id: 'IVR', name: 'IVR self-service' },
  { _id: 'WEB', name: 'Web' },
  { _id: 'SMS', name: 'SMS' },
  { _id: 'APP', name: 'App' },
  { _id: 'EMAIL', name: 'E-mail' },
  { _id: 'F2F', name: 'Face to face' },
];

export const businesses = (conn: Connection): Model<BusinessDoc> => modelOn(conn, 'Business', businessSchema);
export const channels = (conn: Connection): Model<ChannelDoc> => modelOn(conn, 'Channel', channelSchema);
export const segments = (conn: Connection): Model<SegmentDoc> => modelOn(conn, 'Segment', segmentSchema);
export const touchpoints = (conn: Connection): Model<TouchpointDoc> => modelOn(conn, 'Touchpoint', touchpointSchema);

/** The touchpoint code: channel, segment (ALL when none) and business, joined by dashes. */
export function touchpointCode(channel: string, business: string, segment?: string): string {
  return `${channel}-${segment ?? 'ALL'}-${business}`;
}
