import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../config';

const repoRoot = path.resolve(__dirname, '../..');

describe('configuration', () => {
  test('when nothing is set, then the embedded defaults apply', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.TOUCHPOINT_DATA_DIR).toBe('.touchpoint');
    expect(c.TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
    expect(c.MONGODB_URI).toMatch(/^mongodb:\/\//);
  });

  test('when a variable is wrong, then the error names it and what is expected', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ MONGODB_URI: 'postgres://x' })).toThrow(/MONGODB_URI: expected a mongodb:\/\//);
    expect(() => loadConfig({ TEMPORAL_ADDRESS: 'nohost' })).toThrow(/TEMPORAL_ADDRESS: expected host:port/);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/);
  });

  test('when several variables are wrong, then every one is listed', () => {
    try {
      loadConfig({ PORT: '-1', LOG_LEVEL: 'loud' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(/PORT/);
      expect((err as Error).message).toMatch(/LOG_LEVEL/);
    }
  });

  test.each(['scripts/start.ts', 'worker/main.ts', 'api/main.ts'])(
    'when %s starts with a wrong variable, then it exits with status 1 and names the variable, starting nothing',
    (entry) => {
      const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), entry], {
        cwd: repoRoot,
        env: { ...process.env, PORT: 'eighty', LOG_LEVEL: 'loud' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/Invalid configuration/);
      expect(run.stderr).toMatch(/PORT/);
      expect(run.stderr).toMatch(/LOG_LEVEL/);
      expect(run.stdout).not.toMatch(/Touchpoint is running/);
    },
  );
});
