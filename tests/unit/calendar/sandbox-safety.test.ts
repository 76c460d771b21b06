import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** core/calendar runs inside Temporal's deterministic workflow sandbox. */
describe('core/calendar sandbox safety', () => {
  const dir = join(__dirname, '../../../core/calendar');
  const sources = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: f, text: readFileSync(join(dir, f), 'utf8') }));

  it('when its sources are read, then they import only each other (no Node built-ins, no libraries)', () => {
    for (const { file, text } of sources) {
      for (const m of text.matchAll(/from '([^']+)'/g)) expect(`${file}: ${m[1]}`).toMatch(/: \.\/[a-z-]+$/);
    }
  });

  it('when its sources are read, then they never read the clock or a random source', () => {
    for (const { text } of sources) expect(text).not.toMatch(/Date\.now|new Date\(\)|Math\.random|performance\.now/);
  });
});
