import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** core/questionnaire, core/strategy and core/evaluation are pure: usable from the API, activities and the workflow sandbox. */
describe.each(['questionnaire', 'strategy', 'evaluation'])('core/%s sandbox safety', (folder) => {
  const dir = join(__dirname, '../../../core', folder);
  const sources = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: f, text: readFileSync(join(dir, f), 'utf8') }));

  it('when its sources are read, then they import only core modules (no Node built-ins, no libraries)', () => {
    expect(sources.length).toBeGreaterThan(0);
    for (const { file, text } of sources) {
      for (const m of text.matchAll(/from '([^']+)'/g)) {
        expect(`${file}: ${m[1]}`).toMatch(/: \.\.?\/[a-z-]+(\/[a-z-]+)?$/);
      }
    }
  });

  it('when its sources are read, then they never read the clock or a random source', () => {
    for (const { text } of sources) expect(text).not.toMatch(/Date\.now|new Date\(|Math\.random|performance\.now/);
  });
});
