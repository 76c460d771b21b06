/**
 * Subprocess-local variables on the real dev server: tp input mappings on an embedded subprocess declare
 * variables of its own, writes inside go to the innermost scope declaring them, output mappings carry
 * results out, and the locals end with the subprocess.
 */
import { GraphBuilder } from './support/graph-builder';
import { createHarness, type Harness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('wf-subvars');
}, 120_000);
afterAll(async () => h?.close());

function graph(outputs = [{ source: 'attempts * 10', target: 'score' }]) {
  return new GraphBuilder()
    .start()
    .el('sub', 'bpmn:SubProcess', { task: { inputs: [{ source: 'base + 1', target: 'attempts' }], outputs } })
    .start('subStart', 'sub')
    .service('bump', 'set-variables', { headers: { attempts: '5', note: '"written inside"' } }, { scope: 'sub' })
    .el('check', 'bpmn:ExclusiveGateway', { scope: 'sub' })
    .end('subEnd', { kind: 'none' }, 'sub')
    .end('never', { kind: 'error', errorCode: 'LOCAL_NOT_SEEN' }, 'sub')
    .end()
    .chain('start', 'sub', 'end')
    .chain('subStart', 'bump', 'check')
    .flow('check', 'subEnd', 'attempts = 5')
    .flow('check', 'never', 'attempts != 5')
    .build();
}

describe('subprocess-local variables', () => {
  it('when a subprocess declares a variable by an input mapping, then inside writes stay local and outputs carry the result out', async () => {
    const result = await h.run(graph(), { variables: { base: 1, attempts: 'outer value' } });
    expect(result.status).toBe('completed');
    // The outer `attempts` is untouched; the local one (2, then 5 inside) became score through the output.
    expect(result.variables).toEqual({ base: 1, attempts: 'outer value', note: 'written inside', score: 50 });
  });

  it('when the subprocess has inputs but no outputs, then its locals end with it and undeclared writes reach the case', async () => {
    const result = await h.run(graph([]), { variables: { base: 1 } });
    expect(result.status).toBe('completed');
    expect(result.variables).toEqual({ base: 1, note: 'written inside' });
  });

  it('when the subprocess has no mappings, then variables are the case variables as before', async () => {
    const plain = new GraphBuilder()
      .start()
      .el('sub', 'bpmn:SubProcess')
      .start('subStart', 'sub')
      .service('bump', 'set-variables', { headers: { attempts: '5' } }, { scope: 'sub' })
      .end('subEnd', { kind: 'none' }, 'sub')
      .end()
      .chain('start', 'sub', 'end')
      .chain('subStart', 'bump', 'subEnd')
      .build();
    const result = await h.run(plain, { variables: { attempts: 1 } });
    expect(result.variables).toEqual({ attempts: 5 });
  });
});
