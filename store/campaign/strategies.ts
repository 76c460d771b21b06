/**
 * Contact strategies, versioned: one document per (strategy, version). A change writes a new
 * version naming who changed what and why, so the versions are the change log; plans pin the
 * version they run with. A strategy marked as template is offered for copying into new ones.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { ContactStrategy } from '../../core/strategy';
import { modelOn } from '../model';

export interface StrategyVersionDoc {
  /** `${strategyId}:${version}`. */
  _id: string;
  strategyId: string;
  version: number;
  strategy: ContactStrategy;
  template: boolean;
  /** Fields changed from the previous version (all fields for version 1). */
  changes: string[];
  note?: string;
  /** Strategy this one was copied from (`id:version`). */
  copiedFrom?: string;
  createdBy: string;
  createdAt: Date;
}

const strategySchema = new Schema<StrategyVersionDoc>(
  {
    _id: { type: String, required: true },
    strategyId: { type: String, required: true },
    version: { type: Number, required: true, min: 1 },
    strategy: { type: Schema.Types.Mixed, required: true },
    template: { type: Boolean, default: false },
    changes: { type: [String], default: [] },
    note: String,
    copiedFrom: String,
    createdBy: { type: String, required: true },
  },
  { strict: 'throw', versionKey: false, minimize: false, collection: 'campaign_strategies', timestamps: { createdAt: true, updatedAt: false } },
);
strategySchema.index({ strategyId: 1, version: -1 }, { unique: true });

/** Strategy versions bound to a connection. */
export function strategyModel(conn: Connection): Model<StrategyVersionDoc> {
  return modelOn(conn, 'CampaignStrategy', strategySchema);
}
