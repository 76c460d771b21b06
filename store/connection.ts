/**
 * One mongoose connection per process, configured for safety: `sanitizeFilter` strips query
 * operators from user-supplied filter values, `strictQuery` drops unknown filter paths, and schemas
 * are strict by default. Only features that FerretDB (CI) and MongoDB (production) both support
 * are used anywhere in store/: no transactions, change streams, $lookup/$facet, TTL or partial indexes.
 */
import mongoose, { type Connection } from 'mongoose';

mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);
mongoose.set('strict', 'throw');

/**
 * Connections per process when the URI does not say (`?maxPoolSize=`). The driver's default is 100,
 * which is exactly the pool FerretDB 1.x keeps per database: an update that matches a document holds
 * one SQLite connection for its query and needs a second for its write, so 100 concurrent updates can
 * each hold one and wait forever for the other. 20 per process keeps the API and a few workers well
 * clear of that, and more would not help: SQLite writes one transaction at a time.
 */
export const DEFAULT_MAX_POOL_SIZE = 20;

/** Opens a dedicated connection (not the global default) so tests can hold several at once. */
export async function connectMongo(uri: string, opts: { appName?: string } = {}): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    appName: opts.appName ?? 'touchpoint',
    serverSelectionTimeoutMS: 5000,
    autoIndex: true,
    ...(/[?&]maxPoolSize=/i.test(uri) ? {} : { maxPoolSize: DEFAULT_MAX_POOL_SIZE }),
  });
  await conn.asPromise();
  return conn;
}

/** Resolves true when the server answers `ping` within the timeout. */
export async function pingMongo(conn: Connection, timeoutMs = 2000): Promise<boolean> {
  const db = conn.db;
  if (!db) return false;
  try {
    await Promise.race([
      db.admin().command({ ping: 1 }),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
    ]);
    return true;
  } catch {
    return false;
  }
}
