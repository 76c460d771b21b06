import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { compileBpmn } from '../../../core/bpmn/compile';

const referenceDir = path.resolve(__dirname, '../../../../shared/bpmn-miwg/Reference');
const models = readdirSync(referenceDir)
  .filter((f) => f.endsWith('.bpmn'))
  .sort();
const mustRun = ['A.1.0', 'A.2.0', 'A.3.0', 'C.1.1', 'C.3.0', 'C.9.1', 'C.9.2'];

describe('MIWG reference models', () => {
  it('when the reference folder is read, then it holds the models the issue names', () => {
    for (const name of mustRun) expect(models).toContain(`${name}.bpmn`);
  });

  it.each(models)(
    'when %s is compiled, then a result comes back with clear problems and never a throw',
    async (file) => {
      const xml = readFileSync(path.join(referenceDir, file), 'utf8');
      const result = await compileBpmn(xml);
      expect(result.xmlHash).toMatch(/^[0-9a-f]{64}$/);
      for (const p of result.problems) {
        expect(p.rule).toBeTruthy();
        expect(p.message.length).toBeGreaterThan(5);
      }
      if (result.ok) expect(result.main).toBeDefined();
      else expect(result.problems.some((p) => p.severity === 'error')).toBe(true);
      if (process.env.MIWG_DEBUG) {
        console.log(
          file,
          result.ok,
          JSON.stringify(
            result.problems.filter((p) => p.severity === 'error' || process.env.MIWG_DEBUG === 'all'),
            null,
            0,
          ),
        );
      }
    },
  );

  it.each(mustRun)('when %s is compiled, then it compiles without errors', async (name) => {
    const xml = readFileSync(path.join(referenceDir, `${name}.bpmn`), 'utf8');
    const result = await compileBpmn(xml);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.main?.processId).toBeTruthy();
  });
});
