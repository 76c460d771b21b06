/**
 * `npm run bench:api`: autocannon on loopback against a running stack of our own (throw-away
 * Temporal and FerretDB, the real worker and API each in its own process, as `npm start` runs them,
 * so the load generator in this process does not share the API's event loop). At a fixed request
 * rate it measures
 * `POST /contacts` (each request a new case) and `GET /cases/:id` (read model + live query),
 * side by side with `/health/live` as the floor. Goal (issue 4): reads p99 < 50 ms at 200 req/s.
 * The last line printed is one JSON object with the figures.
 *
 *   BENCH_RATE=200 BENCH_SECONDS=10 BENCH_CASES=200 npm run bench:api
 *   BENCH_WARMUP_SECONDS=3 (unmeasured reads first), BENCH_API_CPU_PROF=<dir> (CPU profile of the API),
 *   BENCH_LOG_LEVEL=info BENCH_KEEP_TMP=1 (keep the servers' logs; the API logs each request's responseTime)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import {
  freePort,
  installTools,
  type Managed,
  spawnLogged,
  startFerret,
  startTemporal,
  stopAll,
  TSX_IMPORT,
  waitForPort,
} from '../scripts/stack';

const RATE = Number(process.env.BENCH_RATE ?? 200);
/** Cases created before the read phase; reads go round them, so no single record stays hot in a cache. */
const CASES = Number(process.env.BENCH_CASES ?? 200);
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

/** Every process of a process group (each server, the API and the worker run in their own group). */
function groupPids(pgid: number | undefined): string[] {
  if (!pgid) return [];
  const pids: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid) pids.push(pid);
    } catch {
      /* the process ended meanwhile */
    }
  }
  return pids;
}

/** CPU seconds (user + system) used so far by a process group. */
function groupCpuSeconds(pgid: number | undefined): number {
  const tick = 100; // USER_HZ on Linux
  let ticks = 0;
  for (const pid of groupPids(pgid)) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* the process ended meanwhile */
    }
  }
  return ticks / tick;
}

let cpuGroups: Record<string, number | undefined> = {};
/** CPU ms per request of each process group over one phase. */
async function withCpu<T extends { requestsPerSecond: number }>(
  seconds: number,
  phase: () => Promise<T>,
): Promise<T & { cpuMsPerRequest: Record<string, number> }> {
  const before = Object.fromEntries(Object.entries(cpuGroups).map(([k, pgid]) => [k, groupCpuSeconds(pgid)]));
  const self0 = process.cpuUsage();
  const figures = await phase();
  const self = process.cpuUsage(self0);
  const requests = Math.max(1, figures.requestsPerSecond * seconds);
  const cpuMsPerRequest: Record<string, number> = {};
  for (const [k, pgid] of Object.entries(cpuGroups))
    cpuMsPerRequest[k] = Number((((groupCpuSeconds(pgid) - before[k]) * 1000) / requests).toFixed(2));
  cpuMsPerRequest.loadGenerator = Number(((self.user + self.system) / 1000 / requests).toFixed(2));
  console.log(
    `${''.padEnd(22)} CPU ms/request: ${Object.entries(cpuMsPerRequest)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  return { ...figures, cpuMsPerRequest };
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
  console.log(
    `${name.padEnd(22)} ${String(f.requestsPerSecond).padStart(6)} req/s   p50 ${f.p50Ms} ms   p99 ${f.p99Ms} ms   max ${f.maxMs} ms   errors ${f.errors}   non-2xx ${f.non2xx}`,
  );
  return f;
}

/**
 * The same requests at the same rate, evenly paced: autocannon's rate option lets each connection
 * send its share of a second back to back as soon as the second starts, so `run` meets the API with
 * a burst of RATE requests from 20 connections at the top of every second and then nothing. Here
 * PACED_CLIENTS single-connection autocannon clients, each at RATE / PACED_CLIENTS requests per
 * second, start 1 / PACED_CLIENTS of a second apart, so requests arrive spread over the second.
 * Latencies are the raw response times of every request (no coordinated-omission correction).
 */
const PACED_CLIENTS = Number(process.env.BENCH_PACED_CLIENTS ?? 100);
async function paced(name: string, opts: autocannon.Options): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const perClient = RATE / PACED_CLIENTS;
  const clients = Array.from(
    { length: PACED_CLIENTS },
    (_, i) =>
      new Promise<void>((resolve, reject) => {
        setTimeout(
          () => {
            const instance = autocannon(
              { ...opts, connections: 1, connectionRate: perClient, duration: SECONDS },
              (err) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()),
            );
            instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
              latencies.push(responseTime);
              if (statusCode < 200 || statusCode >= 300) non2xx++;
            });
            instance.on('reqError', () => errors++);
          },
          (i * 1000) / PACED_CLIENTS,
        );
      }),
  );
  await Promise.all(clients);
  latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 10) / 10;
  const f: Figures = {
    requestsPerSecond: Math.round(latencies.length / SECONDS),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: at(1),
    errors,
    non2xx,
  };
  console.log(
    `${name.padEnd(22)} ${String(f.requestsPerSecond).padStart(6)} req/s   p50 ${f.p50Ms} ms   p99 ${f.p99Ms} ms   max ${f.maxMs} ms   errors ${f.errors}   non-2xx ${f.non2xx}   (evenly paced, ${PACED_CLIENTS} clients)`,
  );
  return f;
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'touchpoint-bench-api-'));
  const procs: Managed[] = [];
  const tools = installTools();
  const temporalPort = await freePort();
  const mongoPort = await freePort();
  procs.push(
    await startTemporal({ bin: tools.TEMPORAL_BIN!, port: temporalPort, logFile: path.join(tmp, 'temporal.log') }),
  );
  procs.push(
    await startFerret({
      bin: tools.FERRETDB_BIN!,
      port: mongoPort,
      dataDir: path.join(tmp, 'fdb'),
      logFile: path.join(tmp, 'fdb.log'),
    }),
  );
  const apiPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    MONGODB_URI: `mongodb://127.0.0.1:${mongoPort}/bench`,
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    ADMIN_PASSWORD: PASSWORD,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    RATE_LIMIT_PER_MINUTE: String(RATE * 60 * 10),
  };
  const worker = spawnLogged(
    'worker',
    process.execPath,
    [...TSX_IMPORT, 'worker/main.ts'],
    path.join(tmp, 'worker.log'),
    env,
  );
  const api = spawnLogged(
    'api',
    process.execPath,
    [
      ...(process.env.BENCH_API_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_API_CPU_PROF}`] : []),
      ...TSX_IMPORT,
      'api/main.ts',
    ],
    path.join(tmp, 'api.log'),
    env,
  );
  procs.push(worker, api);
  const base = `http://127.0.0.1:${apiPort}`;
  cpuGroups = {
    api: api.child.pid,
    worker: worker.child.pid,
    temporal: procs[0].child.pid,
    ferretdb: procs[1].child.pid,
  };
  try {
    await waitForPort('API', apiPort, 120_000, api.child);
    const json = async (
      method: string,
      url: string,
      body?: unknown,
      token?: string,
    ): Promise<Record<string, unknown>> => {
      const res = await fetch(base + url, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${url} -> ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, unknown>;
    };
    const { token } = (await json('POST', '/auth/login', { username: 'admin', password: PASSWORD })) as {
      token: string;
    };
    const xml = readFileSync(path.join(__dirname, 'fixtures/user-task.bpmn'), 'utf8');
    await json('POST', '/definitions', { xml, note: 'bench' }, token);
    await json('POST', '/touchpoints/businesses', { code: 'BILL', name: 'Bill query', class: 'query' }, token);
    await json('POST', '/touchpoints', { business: 'BILL', channel: 'WEB', processId: 'Process_bill_query' }, token);
    await json('POST', '/customers', { id: 'bench-customer', name: 'Bench', phones: ['13900000000'] }, token);
    const caseIds: string[] = [];
    for (let i = 0; i < CASES; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, CASES - i) }, () =>
          json(
            'POST',
            '/contacts',
            { customerId: 'bench-customer', business: 'BILL', channel: 'WEB', idempotencyKey: randomUUID() },
            token,
          ),
        ),
      );
      caseIds.push(...batch.map((b) => String(b.caseId)));
    }
    // Reads start once every case has its record (its first flush), so they measure the read model.
    for (const id of caseIds) {
      for (let tries = 0; ; tries++) {
        const res = await fetch(`${base}/cases/${id}`, { headers: { authorization: `Bearer ${token}` } });
        const body = (await res.json()) as { record?: unknown };
        if (res.ok && body.record) break;
        if (tries > 600) throw new Error(`case ${id} has no record after 60 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    console.log(
      `bench:api: ${RATE} req/s for ${SECONDS} s each, 20 connections, loopback, ${os.cpus().length} cores, Node ${process.version}`,
    );
    const health = await withCpu(SECONDS, () => run('GET /health/live', { url: `${base}/health/live` }));
    let next = 0;
    // Warm-up at the same rate, not measured: the API's connection pool grows to its working size and
    // the read path is compiled (BENCH_WARMUP_SECONDS, default 3; 0 for none).
    const warmup = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
    if (warmup > 0) {
      await autocannon({
        connections: 20,
        duration: warmup,
        overallRate: RATE,
        url: base,
        headers,
        requests: [{ setupRequest: (req) => ({ ...req, path: `/cases/${caseIds[next++ % caseIds.length]}` }) }],
      });
    }
    const read = await withCpu(SECONDS, () =>
      run(`GET /cases/:id (${CASES} cases)`, {
        url: base,
        headers,
        requests: [{ setupRequest: (req) => ({ ...req, path: `/cases/${caseIds[next++ % caseIds.length]}` }) }],
      }),
    );
    const readPaced = await withCpu(SECONDS, () =>
      paced(`GET /cases/:id paced`, {
        url: base,
        headers,
        requests: [{ setupRequest: (req) => ({ ...req, path: `/cases/${caseIds[next++ % caseIds.length]}` }) }],
      }),
    );
    const healthPaced = await withCpu(SECONDS, () => paced('GET /health/live paced', { url: `${base}/health/live` }));
    const write = await withCpu(SECONDS, () =>
      run('POST /contacts', {
        url: `${base}/contacts`,
        method: 'POST',
        headers,
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              body: JSON.stringify({
                customerId: 'bench-customer',
                business: 'BILL',
                channel: 'WEB',
                idempotencyKey: randomUUID(),
              }),
            }),
          },
        ],
      }),
    );
    // Each runs in its own process group: count every process of the group.
    const rssMb = (pgid: number | undefined): number | null => {
      if (!pgid) return null;
      let kb = 0;
      for (const pid of groupPids(pgid)) {
        try {
          kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
        } catch {
          /* the process ended meanwhile */
        }
      }
      return Math.round(kb / 1024);
    };
    const apiRssMb = rssMb(api.child.pid);
    const workerRssMb = rssMb(worker.child.pid);
    console.log(`RSS: API ${apiRssMb} MiB, worker ${workerRssMb} MiB`);
    console.log(
      JSON.stringify({
        bench: 'api',
        rate: RATE,
        seconds: SECONDS,
        cases: CASES,
        warmupSeconds: warmup,
        health,
        readCase: read,
        readCasePaced: readPaced,
        healthPaced,
        postContacts: write,
        apiRssMb,
        workerRssMb,
        goalReadP99Under50ms: read.p99Ms < 50,
        goalReadP99Under50msPaced: readPaced.p99Ms < 50,
      }),
    );
  } finally {
    // The API and worker first (in-flight requests finish on SIGTERM), then the servers.
    await stopAll([api, worker], 15_000);
    await stopAll(
      procs.filter((p) => p !== api && p !== worker),
      5000,
    );
    if (!process.env.BENCH_KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
    else console.log('kept', tmp);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
