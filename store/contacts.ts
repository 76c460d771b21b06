/**
 * Customer contacts taken in through `POST /contacts`, and customer records. A contact is unique
 * per idempotency key, so a retried request finds the first one's case.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from './model';

export interface ContactDoc {
  /** Derived from the idempotency key. */
  _id: string;
  idempotencyKey: string;
  caseId: string;
  customerId: string;
  business: string;
  channel: string;
  segment?: string;
  touchpoint: string;
  definitionId: string;
  processId: string;
  version: number;
  payload: Record<string, unknown>;
  actor: string;
  createdAt: Date;
}

const contactSchema = new Schema<ContactDoc>(
  {
    _id: { type: String, required: true },
    idempotencyKey: { type: String, required: true },
    caseId: { type: String, required: true },
    customerId: { type: String, required: true },
    business: { type: String, required: true },
    channel: { type: String, required: true },
    segment: String,
    touchpoint: { type: String, required: true },
    definitionId: { type: String, required: true },
    processId: { type: String, required: true },
    version: { type: Number, required: true },
    payload: { type: Schema.Types.Mixed, default: {} },
    actor: { type: String, required: true },
  },
  { collection: 'contacts', versionKey: false, minimize: false, timestamps: { createdAt: true, updatedAt: false } },
);
contactSchema.index({ idempotencyKey: 1 }, { unique: true });
contactSchema.index({ caseId: 1 }, { unique: true });
contactSchema.index({ customerId: 1, createdAt: -1 });

export interface CustomerDoc {
  _id: string;
  name: string;
  segment?: string;
  phones: string[];
  emails: string[];
  preferredLanguage?: string;
  consent: { sms: boolean; email: boolean; voice: boolean; marketing: boolean };
  createdAt: Date;
  updatedAt: Date;
}

const customerSchema = new Schema<CustomerDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    segment: String,
    phones: { type: [String], default: [] },
    emails: { type: [String], default: [] },
    preferredLanguage: String,
    consent: {
      type: new Schema(
        {
          sms: { type: Boolean, default: false },
          email: { type: Boolean, default: false },
          voice: { type: Boolean, default: false },
          marketing: { type: Boolean, default: false },
        },
        { _id: false },
      ),
      default: () => ({}),
    },
  },
  { collection: 'customers', versionKey: false, timestamps: true },
);

export const contacts = (conn: Connection): Model<ContactDoc> => modelOn(conn, 'Contact', contactSchema);
export const customers = (conn: Connection): Model<CustomerDoc> => modelOn(conn, 'Customer', customerSchema);
