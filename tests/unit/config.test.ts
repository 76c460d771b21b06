import { ConfigError, loadConfig } from '../../config';

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
});
