/** People and systems that use the API: users with roles, and API keys for systems. */
import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from './model';

export const ROLES = ['admin', 'process-owner', 'operator', 'agent', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface DutyRule {
  /** ISO weekdays 1 (Monday) to 7. */
  weekdays: number[];
  /** "HH:MM" in the calendar's time zone. */
  from: string;
  to: string;
}

export interface UserDoc {
  _id: string;
  username: string;
  displayName?: string;
  passwordHash: string;
  roles: Role[];
  department?: string;
  groups: string[];
  skills: string[];
  languages: string[];
  dutyCalendar?: { timeZone: string; rules: DutyRule[] };
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const userSchema = new Schema<UserDoc>(
  {
    _id: { type: String, required: true },
    username: { type: String, required: true },
    displayName: String,
    passwordHash: { type: String, required: true },
    roles: { type: [String], enum: ROLES, default: [] },
    department: String,
    groups: { type: [String], default: [] },
    skills: { type: [String], default: [] },
    languages: { type: [String], default: [] },
    dutyCalendar: {
      type: new Schema(
        { timeZone: String, rules: [new Schema({ weekdays: [Number], from: String, to: String }, { _id: false })] },
        { _id: false },
      ),
      required: false,
    },
    disabled: { type: Boolean, default: false },
  },
  { collection: 'users', timestamps: true, versionKey: false },
);
userSchema.index({ username: 1 }, { unique: true });

export interface ApiKeyDoc {
  _id: string;
  name: string;
  /** SHA-256 of the secret part; the secret itself is shown once at creation. */
  secretHash: string;
  roles: Role[];
  createdBy: string;
  revoked: boolean;
  revokedAt?: Date;
  revokedBy?: string;
  createdAt: Date;
}

const apiKeySchema = new Schema<ApiKeyDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    secretHash: { type: String, required: true },
    roles: { type: [String], enum: ROLES, default: [] },
    createdBy: { type: String, required: true },
    revoked: { type: Boolean, default: false },
    revokedAt: Date,
    revokedBy: String,
  },
  { collection: 'api_keys', timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

export interface SettingDoc {
  _id: string;
  value: string;
}
const settingSchema = new Schema<SettingDoc>(
  { _id: { type: String, required: true }, value: { type: String, required: true } },
  { collection: 'settings', versionKey: false },
);

export const users = (conn: Connection): Model<UserDoc> => modelOn(conn, 'User', userSchema);
export const apiKeys = (conn: Connection): Model<ApiKeyDoc> => modelOn(conn, 'ApiKey', apiKeySchema);
export const settings = (conn: Connection): Model<SettingDoc> => modelOn(conn, 'Setting', settingSchema);
