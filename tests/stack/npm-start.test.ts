/**
 * The README's first command, tried as a new user would: `npm start` brings up Temporal, FerretDB,
 * the worker and the API on embedded defaults; /health/ready answers 200; the modeler page loads;
 * SIGTERM stops everything with no process left behind; a second start finds the earlier data; a
 * second stack with its own data folder and port runs side by side.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { freePort, TSX_IMPORT } from '../../scripts/stack';

const repoRoot = path.resolve(__dirname, '../..');
jest.setTimeout(400_000);

interface Started {
  child: ChildProcess;
  output: () => string;
}

const running: Started[] = [];

function startStack(dataDir: string, port: number): Started {
  let out = '';
  const env: NodeJS.ProcessEnv = { ...process.env, TOUCHPOINT_DATA_DIR: dataDir, PORT: String(port), ADMIN_PASSWORD: 'correct-horse-battery' };
  delete env.TEMPORAL_ADDRESS;
  delete env.MONGODB_URI;
  const child = spawn(process.execPath, [...TSX_IMPORT, 'scripts/start.ts'], { cwd: repoRoot, env });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const started = { child, output: () => out };
  running.push(started);
  return started;
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, s: Started): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (s.child.exitCode !== null) throw new Error(`npm start exited early:\n${s.output()}`);
    const v = await fn().catch((err: unknown) => {
      lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      return undefined;
    });
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} not reached within ${timeoutMs} ms (last error: ${lastError || 'none'}):\n${s.output()}`);
}

/** Ready as a user sees it: /health/ready answers 200 and npm start has printed its URLs. */
async function ready(what: string, port: number, s: Started): Promise<void> {
  await waitFor(
    what,
    async () => ((await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200 && /Touchpoint is running/.test(s.output()) ? true : undefined),
    240_000,
    s,
  );
}

async function stopStack(s: Started): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => s.child.once('exit', (code) => resolve(code)));
  s.child.kill('SIGTERM');
  return exited;
}

/** Every descendant process of `pid` (Temporal, FerretDB, tsx and the node processes under it). */
function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const [child, ppid] of rows) {
      if (ppid === parent && child !== undefined) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** Waits up to `ms` for `pids` to exit; returns the command lines of any still running. */
async function leftovers(pids: number[], ms = 10_000): Promise<string[]> {
  const deadline = Date.now() + ms;
  let left = pids;
  while (Date.now() < deadline) {
    left = left.filter((p) => {
      try {
        process.kill(p, 0);
        return true;
      } catch {
        return false;
      }
    });
    if (left.length === 0) return [];
    await new Promise((r) => setTimeout(r, 250));
  }
  return left.map((p) => {
    try {
      return `${p} ${execFileSync('ps', ['-o', 'args=', '-p', String(p)], { encoding: 'utf8' }).trim()}`;
    } catch {
      return `${p} (gone)`;
    }
  });
}

test('when npm start runs on a fresh data folder, then the system is ready, stops cleanly, keeps its data, and runs beside a second stack', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'touchpoint-start-'));
  const otherDir = mkdtempSync(path.join(os.tmpdir(), 'touchpoint-start-other-'));
  const port = await freePort();
  try {
    const first = startStack(dataDir, port);
    await ready('/health/ready 200', port, first);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="app"|<html/i);
    const temporalAddress = /Temporal\s+(127\.0\.0\.1:\d+)/.exec(first.output())?.[1];
    expect(temporalAddress).toBeDefined();

    // Leave a trace in Temporal's persisted state: a workflow that waits (no worker needs to run it).
    const connection = await Connection.connect({ address: temporalAddress! });
    const client = new Client({ connection });
    const workflowId = `persisted-${Date.now()}`;
    await client.workflow.start('smokeWorkflow', {
      taskQueue: 'not-polled',
      workflowId,
      args: [{ key: workflowId, payload: 'x' }],
    });
    await connection.close();

    const firstTree = descendants(first.child.pid!);
    expect(firstTree.length).toBeGreaterThanOrEqual(4); // temporal, ferretdb, worker, api
    expect(await stopStack(first)).toBe(0);
    expect(await leftovers(firstTree)).toEqual([]);

    const second = startStack(dataDir, port);
    await ready('/health/ready 200 after restart', port, second);
    const address2 = /Temporal\s+(127\.0\.0\.1:\d+)/.exec(second.output())?.[1];
    const connection2 = await Connection.connect({ address: address2! });
    // The frontend accepts connections before its history shard is owned again (the dead process's
    // membership has to expire first), when lookups can still fail: poll before concluding the
    // workflow was lost, and show Temporal's own log if it was.
    const handle = new Client({ connection: connection2 }).workflow.getHandle(workflowId);
    const described = await waitFor('the workflow started before the restart', () => handle.describe(), 120_000, second).catch(
      (err: unknown) => {
        const log = (() => {
          try {
            return readFileSync(path.join(dataDir, 'logs', 'temporal.log'), 'utf8').slice(-6000);
          } catch {
            return '(no temporal.log)';
          }
        })();
        throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- temporal.log (tail) ---\n${log}`);
      },
    );
    expect(described.status.name).toBe('RUNNING');
    await connection2.close();

    // A second stack with its own data folder and port runs beside the first.
    const otherPort = await freePort();
    const other = startStack(otherDir, otherPort);
    await ready('/health/ready 200 on the side-by-side stack', otherPort, other);
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
    const otherAddress = /Temporal\s+(127\.0\.0\.1:\d+)/.exec(other.output())?.[1];
    expect(otherAddress).toBeDefined();
    expect(otherAddress).not.toBe(address2);
    expect(existsSync(path.join(otherDir, 'temporal.sqlite'))).toBe(true);
    const otherTree = descendants(other.child.pid!);
    expect(await stopStack(other)).toBe(0);
    expect(await leftovers(otherTree)).toEqual([]);

    const secondTree = descendants(second.child.pid!);
    expect(await stopStack(second)).toBe(0);
    expect(await leftovers(secondTree)).toEqual([]);
  } finally {
    // After a failed assertion, stop whatever still runs so no server outlives the test.
    await Promise.all(running.filter((s) => s.child.exitCode === null && s.child.signalCode === null).map((s) => stopStack(s)));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(otherDir, { recursive: true, force: true });
  }
});
