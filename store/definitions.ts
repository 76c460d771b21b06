/** Deployed process definitions: one document per (processId, version), unique per XML hash. */
import { Schema, type Connection, type Model } from 'mongoose';
import type { CompiledProcess, ModelProblem } from '../core/bpmn/graph';
import { modelOn } from './model';

export interface DefinitionDoc {
  /** `${processId}:${version}`. */
  _id: string;
  processId: string;
  name?: string;
  version: number;
  xml: string;
  xmlHash: string;
  graph: CompiledProcess;
  /** Other executable processes of the same document, for call activities. */
  calledGraphs: Record<string, CompiledProcess>;
  warnings: ModelProblem[];
  author: string;
  note?: string;
  retired: boolean;
  createdAt: Date;
}

const definitionSchema = new Schema<DefinitionDoc>(
  {
    _id: { type: String, required: true },
    processId: { type: String, required: true },
    name: String,
    version: { type: Number, required: true },
    xml: { type: String, required: true },
    xmlHash: { type: String, required: true },
    graph: { type: Schema.Types.Mixed, required: true },
    calledGraphs: { type: Schema.Types.Mixed, default: {} },
    warnings: { type: Schema.Types.Mixed, default: [] },
    author: { type: String, required: true },
    note: String,
    retired: { type: Boolean, default: false },
  },
  { collection: 'definitions', versionKey: false, minimize: false, timestamps: { createdAt: true, updatedAt: false } },
);
definitionSchema.index({ xmlHash: 1 }, { unique: true });
definitionSchema.index({ processId: 1, version: -1 }, { unique: true });

export const definitions = (conn: Connection): Model<DefinitionDoc> => modelOn(conn, 'Definition', definitionSchema);
