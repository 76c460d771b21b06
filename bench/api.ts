/**
 * `npm run bench:api`: autocannon on loopback against a running stack of our own (throw-away
 * Temporal and FerretDB, the real worker and API). At a fixed request rate it measures
 * `POST /contacts` (each request a new case) and `GET /cases/:id` (read model + live query),
 * side by side with `/health/live` as the floor. Goal (issue 4): reads p99 < 50 ms at 200 req/s.
 * The last line printed is one JSON object with the figures.
 *
 *   BENCH_RATE=200 BENCH_SECONDS=10 npm run bench:api
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import autocannon from 'autocannon';
import { start as startApi } from '../api/main';
import { loadConfig } from '../config';
import { freePort, installTools, type Managed, startFerret, startTemporal, stopAll } from '../scripts/stack';
import { startWorker } from '../worker/main';

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PASSWORD = 'bench-password-not-secret';

interface Figures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  non2xx: number;
}

async function run(name: string, opts: autocannon.Options): Promise<Figures> {
  const result = await autocannon({ connections: 20, duration: SECONDS, overallRate: RATE, ...opts });
  const f: Figures = {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors,
    non2xx: result.non2xx,
  };
  console.log(`${name.padEnd(22)} ${String(f.requestsPerSecond).padStart(6)} req/s   p50 ${f.p50Ms} ms   p99 ${f.p99Ms} ms   max ${f.maxMs} ms   errors ${f.errors}   non-2xx ${f.non2xx}`);
  return f;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'touchpoint-bench-api-'));
  const procs: Managed[] = [];
  const tools = installTools();
  const temporalPort = await freePort();
  const mongoPort = await freePort();
  procs.push(await startTemporal({ bin: tools.TEMPORAL_BIN!, port: temporalPort, logFile: path.join(tmp, 'temporal.log') }));
  procs.push(await startFerret({ bin: tools.FERRETDB_BIN!, port: mongoPort, dataDir: path.join(tmp, 'fdb'), logFile: path.join(tmp, 'fdb.log') }));
  const env = {
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    MONGODB_URI: `mongodb://127.0.0.1:${mongoPort}/bench`,
    PORT: String(await freePort()),
    ADMIN_PASSWORD: PASSWORD,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: String(RATE * 60 * 10),
  } as const;
  const worker = await startWorker(loadConfig(env));
  const api = await startApi(env);
  const base = api.url;
  try {
    const json = async (method: string, url: string, body?: unknown, token?: string): Promise<Record<string, unknown>> => {
      const res = await fetch(base + url, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${url} -> ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, unknown>;
    };
    const { token } = (await json('POST', '/auth/login', { username: 'admin', password: PASSWORD })) as { token: string };
    const xml = readFileSync(path.join(__dirname, 'fixtures/user-task.bpmn'), 'utf8');
    await json('POST', '/definitions', { xml, note: 'bench' }, token);
    await json('POST', '/touchpoints/businesses', { code: 'BILL', name: 'Bill query', class: 'query' }, token);
    await json('POST', '/touchpoints', { business: 'BILL', channel: 'WEB', processId: 'Process_bill_query' }, token);
    await json('POST', '/customers', { id: 'bench-customer', name: 'Bench', phones: ['13900000000'] }, token);
    const first = (await json('POST', '/contacts', { customerId: 'bench-customer', business: 'BILL', channel: 'WEB', idempotencyKey: randomUUID() }, token)) as {
      caseId: string;
    };
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    console.log(`bench:api: ${RATE} req/s for ${SECONDS} s each, 20 connections, loopback, ${os.cpus().length} cores, Node ${process.version}`);
    const health = await run('GET /health/live', { url: `${base}/health/live` });
    const read = await run('GET /cases/:id', { url: `${base}/cases/${first.caseId}`, headers });
    const write = await run('POST /contacts', {
      url: `${base}/contacts`,
      method: 'POST',
      headers,
      requests: [
        {
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({ customerId: 'bench-customer', business: 'BILL', channel: 'WEB', idempotencyKey: randomUUID() }),
          }),
        },
      ],
    });
    const memoryMb = Math.round(process.memoryUsage().rss / 1048576);
    console.log(
      JSON.stringify({
        bench: 'api',
        rate: RATE,
        seconds: SECONDS,
        health,
        readCase: read,
        postContacts: write,
        apiAndWorkerRssMb: memoryMb,
        goalReadP99Under50ms: read.p99Ms < 50,
      }),
    );
  } finally {
    await api.stop();
    await worker.stop();
    await stopAll(procs, 5000);
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
