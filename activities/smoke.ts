/**
 * Smoke activities: one upsert and one read against MongoDB, keyed by a business key so a retried
 * attempt writes nothing twice.
 */
import type { Connection } from 'mongoose';

export interface SmokeDeps {
  db: Connection;
}

export interface SmokeActivities {
  /** Upserts `payload` under `key` and returns the payload read back from the database. */
  smokeWriteAndRead(key: string, payload: string): Promise<string>;
}

/** Builds the smoke activities over a live connection. */
export function createSmokeActivities(deps: SmokeDeps): SmokeActivities {
  const collection = () => {
    const db = deps.db.db;
    if (!db) throw new Error('MongoDB connection is not open');
    return db.collection<{ _id: string; payload: string; writtenAt: Date }>('smoke');
  };
  return {
    async smokeWriteAndRead(key: string, payload: string): Promise<string> {
      await collection().updateOne({ _id: key }, { $set: { payload, writtenAt: new Date() } }, { upsert: true });
      const doc = await collection().findOne({ _id: key });
      if (!doc) throw new Error(`smoke document ${key} vanished after upsert`);
      return doc.payload;
    },
  };
}
