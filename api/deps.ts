/** What every service needs, handed to createApp once and passed down to routers. */
import type { Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Config } from '../config';

export interface AppDeps {
  config: Config;
  db: Connection;
  temporal: Client;
  log: Logger;
}

/** Runtime state shared by the app and the process lifecycle (readiness during shutdown). */
export interface AppState {
  shuttingDown: boolean;
  jwtKey?: Uint8Array;
}
