/**
 * Registers a schema on a connection once and returns the model; each test holds its own
 * connection, so models are per connection, never on the global mongoose instance.
 */
import type { Connection, Model, Schema } from 'mongoose';

/** Returns the connection's model `name`, compiling `schema` on first use. */
export function modelOn<T>(conn: Connection, name: string, schema: Schema<T>): Model<T> {
  const existing = conn.models[name] as Model<T> | undefined;
  return existing ?? conn.model<T>(name, schema);
}
