/**
 * Starts and stops the embedded real servers (Temporal dev server, FerretDB) as child processes.
 * Shared by `npm start` (persistent data folder) and `npm test` (throw-away servers).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const repoRoot = path.resolve(__dirname, '..');

/**
 * Node arguments that run a TypeScript entry point in this very process, with tsx as a loader. Not the
 * tsx CLI: it runs the script in a child and, when that child does not acknowledge a SIGTERM within a few
 * tens of milliseconds (a loaded machine), kills it with SIGKILL, so no graceful shutdown ran.
 */
export const TSX_IMPORT: readonly string[] = ['--import', pathToFileURL(require.resolve('tsx')).href];

export interface ToolPaths {
  TEMPORAL_BIN?: string;
  TEMPORAL_TEST_SERVER_PATH?: string;
  FERRETDB_BIN?: string;
}

/** Runs scripts/install-tools.sh (a no-op when everything is cached) and returns the tool paths. */
export function installTools(): ToolPaths {
  const out = execFileSync('bash', [path.join(repoRoot, 'scripts/install-tools.sh')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  const envFile = out.trim().split('\n').pop() ?? '';
  const tools: ToolPaths = {};
  for (const line of readFileSync(envFile, 'utf8').split('\n')) {
    const m = /^(\w+)=(.*)$/.exec(line);
    if (m?.[1] && m[2]) (tools as Record<string, string>)[m[1]] = m[2];
  }
  return tools;
}

/** Whether something accepts TCP connections on host:port. */
export function isPortOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A free loopback port: `preferred` when nothing listens there, otherwise one the OS picks. */
export async function freePort(preferred?: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(undefined));
      srv.listen(port, '127.0.0.1', () => {
        const addr = srv.address();
        srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : undefined));
      });
    });
  if (preferred !== undefined) {
    const p = await tryListen(preferred);
    if (p !== undefined) return p;
  }
  const p = await tryListen(0);
  if (p === undefined) throw new Error('no free TCP port on 127.0.0.1');
  return p;
}

/** Polls until host:port accepts connections, or throws naming the service. */
export async function waitForPort(name: string, port: number, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before listening`);
    if (await isPortOpen(port)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

export interface Managed {
  name: string;
  child: ChildProcess;
}

/** Spawns a server in its own process group, logging to `logFile`. */
export function spawnLogged(name: string, cmd: string, args: string[], logFile: string, env?: NodeJS.ProcessEnv): Managed {
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(cmd, args, { env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return { name, child };
}

export interface TemporalOptions {
  bin: string;
  port: number;
  uiPort?: number;
  /** SQLite file for persistent state; omitted means in-memory. */
  dbFile?: string;
  logFile: string;
}

/** Starts `temporal server start-dev` and waits until its frontend listens. */
/**
 * One partition per task queue: Temporal keeps task priority (plans' priority keys) only within a
 * partition, and with the default four a plan's attempts interleave with a lower plan's
 * (tests/workflow/plan-priority.test.ts). One partition is ample for a single dev server.
 */
export const TEMPORAL_PARTITION_ARGS = ['matching.numTaskqueueReadPartitions', 'matching.numTaskqueueWritePartitions'].flatMap((key) => ['--dynamic-config-value', `${key}=1`]);

export async function startTemporal(o: TemporalOptions): Promise<Managed> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(o.port), '--log-level', 'warn'];
  if (o.uiPort) args.push('--ui-port', String(o.uiPort), '--ui-ip', '127.0.0.1');
  else args.push('--headless');
  // A persistent store in WAL mode, synced at checkpoints: commits survive a crash of the server,
  // not of the operating system (as FerretDB's, see tools/ferretdb/README.md).
  if (o.dbFile) args.push('--db-filename', o.dbFile, '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
  args.push(...TEMPORAL_PARTITION_ARGS);
  // Each stack needs its own metrics port too, or two dev servers collide.
  args.push('--metrics-port', String(await freePort()));
  const m = spawnLogged('temporal', o.bin, args, o.logFile);
  await waitForPort('Temporal', o.port, 60_000, m.child);
  return m;
}

export interface FerretOptions {
  bin: string;
  port: number;
  dataDir: string;
  logFile: string;
}

/** Starts FerretDB (SQLite backend) and waits until it listens. */
export async function startFerret(o: FerretOptions): Promise<Managed> {
  const m = spawnLogged('ferretdb', o.bin, ['-listen-addr', `127.0.0.1:${o.port}`, '-data-dir', o.dataDir], o.logFile);
  await waitForPort('FerretDB', o.port, 30_000, m.child);
  return m;
}

/**
 * SIGTERM each process group, then SIGKILL whatever is left after `graceMs`. Resolves only when
 * every process of every group has exited (not just the group leader), so nothing is orphaned.
 */
export async function stopAll(procs: Managed[], graceMs = 10_000): Promise<void> {
  await Promise.all(procs.map((p) => stopGroup(p.child, graceMs)));
}

async function stopGroup(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.pid === undefined) return;
  signalGroup(child, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(child.pid)) {
    if (Date.now() > deadline) {
      signalGroup(child, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 200));
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, sig);
  } catch {
    try {
      child.kill(sig);
    } catch {
      /* already gone */
    }
  }
}

export function ensureDir(dir: string): string {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  return dir;
}
