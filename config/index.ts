/**
 * Runtime configuration, read once from the environment and validated with zod so that a wrong
 * value stops the process at start-up with a message naming the variable and what it expects.
 */
import { z } from 'zod';

const durationMs = z.coerce.number().int().positive();

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Port of the API (which also serves the modeler). */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Folder holding the embedded servers' data (Temporal SQLite file, FerretDB SQLite files). */
  TOUCHPOINT_DATA_DIR: z.string().min(1).default('.touchpoint'),
  /** Temporal frontend address, host:port. */
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port, e.g. 127.0.0.1:7233')
    .default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('touchpoint'),
  /**
   * Task queue of the SLA clocks' activities (escalations, clock writes), served by the worker with
   * SLA_ACTIVITY_SLOTS slots of its own. Unset (the default): they share the main queue's slots,
   * which measured better on a small machine (README, bench:complaints).
   */
  TEMPORAL_SLA_TASK_QUEUE: z.string().min(1).optional(),
  /** Activities of the SLA task queue one worker runs at once (with TEMPORAL_SLA_TASK_QUEUE). */
  SLA_ACTIVITY_SLOTS: z.coerce.number().int().min(1).max(1000).default(8),
  /** Base URL of the Temporal Web UI, for links from the modeler. */
  TEMPORAL_UI_URL: z.string().url().default('http://127.0.0.1:8233'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// or mongodb+srv:// connection string')
    .default('mongodb://127.0.0.1:27017/touchpoint'),
  /** Secret for signing login tokens; generated per data folder when not given. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** First admin, created on first start when no user exists. */
  ADMIN_USERNAME: z.string().min(1).default('admin'),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Request body limit for JSON and XML bodies. */
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'expected a size such as 2mb').default('5mb'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(6000),
  SHUTDOWN_GRACE_MS: durationMs.default(10000),
});

export type Config = z.infer<typeof configSchema>;

/** The task queue of the SLA clocks' activities when it is a queue of its own (TEMPORAL_SLA_TASK_QUEUE), else undefined. */
export function slaTaskQueue(config: Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'TEMPORAL_SLA_TASK_QUEUE'>): string | undefined {
  return config.TEMPORAL_SLA_TASK_QUEUE && config.TEMPORAL_SLA_TASK_QUEUE !== config.TEMPORAL_TASK_QUEUE ? config.TEMPORAL_SLA_TASK_QUEUE : undefined;
}

/** Thrown when the environment does not describe a valid configuration. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses `env` into a {@link Config}, or throws a {@link ConfigError} listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/**
 * For the entry points (`npm start`, worker, API): prints a {@link ConfigError}'s message and exits
 * with status 1; rethrows anything else.
 */
export function exitOnConfigError(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

/** {@link loadConfig} for entry points: a bad environment ends the process with the message. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    return exitOnConfigError(err);
  }
}
