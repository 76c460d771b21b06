/**
 * The production deployment (docker-compose.yml, Dockerfile) cannot run here (no Docker engine),
 * so it is checked as data: the services the issue names, health checks, named volumes, a worker
 * that scales, and environment variables that the code's configuration schema actually reads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '../../config';

const root = path.resolve(__dirname, '../..');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }> | string[];
  container_name?: string;
}

const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
const configKeys = new Set(Object.keys(configSchema.shape));

describe('docker-compose.yml', () => {
  it('has Temporal on PostgreSQL with its UI, a MongoDB replica set, the API and the worker', () => {
    const s = compose.services;
    expect(Object.keys(s).sort()).toEqual(['api', 'mongo', 'postgresql', 'temporal', 'temporal-ui', 'worker']);
    expect(s.temporal?.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
    expect(s.mongo?.command).toEqual(expect.arrayContaining(['--replSet']));
    expect(s.api?.build).toBeDefined();
    expect(s.worker?.build).toBeDefined();
  });

  it('gives every long-running service except the UI a health check, and keeps data in named volumes', () => {
    const without = ['postgresql', 'temporal', 'mongo', 'api', 'worker'].filter((name) => (compose.services[name]?.healthcheck?.test.length ?? 0) < 2);
    expect(without).toEqual([]);
    const named = new Set(Object.keys(compose.volumes));
    for (const svc of [compose.services.postgresql, compose.services.mongo]) {
      const source = svc?.volumes?.[0]?.split(':')[0];
      expect(named.has(String(source))).toBe(true);
    }
  });

  it('lets the worker scale: no fixed name, no published port', () => {
    expect(compose.services.worker?.container_name).toBeUndefined();
    expect(compose.services.worker?.ports).toBeUndefined();
    expect(compose.services.worker?.command?.join(' ')).toContain('worker/main.ts');
  });

  it('sets only variables the configuration reads, and they pass its validation', () => {
    for (const name of ['api', 'worker']) {
      const env = compose.services[name]?.environment ?? {};
      const unknown = Object.keys(env).filter((k) => !configKeys.has(k));
      expect({ name, unknown }).toEqual({ name, unknown: [] });
      // Substitute what `docker compose` would: ${VAR:?…} must be given, ${VAR:-x} defaults to x.
      const resolved: Record<string, string> = Object.fromEntries(
        Object.entries(env)
          .map(([k, v]) => [
            k,
            String(v).replace(/\$\{(\w+)(:[-?])?([^}]*)\}/g, (_all, _var: string, op?: string, rest?: string) =>
              op === ':-' ? (rest ?? '') : 'x'.repeat(40),
            ),
          ])
          .filter(([, v]) => v !== ''),
      );
      expect(() => loadConfig(resolved)).not.toThrow();
    }
  });

  it('points the API and worker at the compose services', () => {
    const env = compose.services.api?.environment ?? {};
    expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(String(env.MONGODB_URI)).toMatch(/^mongodb:\/\/mongo:27017\/.*replicaSet=/);
    expect(compose.services.worker?.environment?.TEMPORAL_TASK_QUEUE).toBe(env.TEMPORAL_TASK_QUEUE);
  });
});

describe('Dockerfile', () => {
  it('installs from the lock file, builds the modeler, runs unprivileged and starts the API', () => {
    expect(dockerfile).toMatch(/COPY package\.json package-lock\.json/);
    expect(dockerfile).toMatch(/RUN npm run build:modeler/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/CMD \[.*api\/main\.ts.*\]/);
    expect(dockerfile).toMatch(/HEALTHCHECK/);
  });
});
