import { readFileSync } from 'node:fs';
import { compileBpmn } from '../../../core/bpmn/compile';
import type { CompileResult } from '../../../core/bpmn/graph';

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

async function timed(xml: string): Promise<{ result: CompileResult; ms: number }> {
  const started = performance.now();
  const result = await compileBpmn(xml);
  return { result, ms: performance.now() - started };
}

function expectRejected(result: CompileResult, rule: RegExp): void {
  expect(result.ok).toBe(false);
  expect(result.processes).toEqual([]);
  expect(result.problems).toHaveLength(1);
  expect(result.problems[0].severity).toBe('error');
  expect(result.problems[0].rule).toMatch(rule);
  expect(result.problems[0].message.length).toBeGreaterThan(10);
}

describe('hostile XML', () => {
  it('when the XML declares an external entity pointing at /etc/passwd, then it is rejected and the file never appears', async () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<definitions xmlns="${BPMN_NS}" id="d"><process id="p" name="&xxe;" isExecutable="true"><startEvent id="s"/></process></definitions>`;
    const { result, ms } = await timed(xml);
    expectRejected(result, /^tp\/unsafe-xml$/);
    expect(ms).toBeLessThan(2000);
    const serialised = JSON.stringify(result);
    expect(serialised).not.toContain('root:');
    let passwd = '';
    try {
      passwd = readFileSync('/etc/passwd', 'utf8').split('\n')[0] ?? '';
    } catch {
      passwd = '';
    }
    if (passwd) expect(serialised).not.toContain(passwd);
  });

  it('when the XML is a billion-laughs entity bomb, then it is rejected before expansion', async () => {
    const entities = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const xml = `<?xml version="1.0"?><!DOCTYPE lolz [${entities.join('')}]><definitions xmlns="${BPMN_NS}">&lol9;</definitions>`;
    const { result, ms } = await timed(xml);
    expectRejected(result, /^tp\/unsafe-xml$/);
    expect(ms).toBeLessThan(2000);
  });

  it('when the document is 50 MB, then it is rejected for its size', async () => {
    const filler = `<!-- ${'x'.repeat(1024)} -->`;
    const xml = `<definitions xmlns="${BPMN_NS}">${filler.repeat(50 * 1024)}</definitions>`;
    const { result, ms } = await timed(xml);
    expectRejected(result, /^tp\/xml-too-large$/);
    expect(result.problems[0].message).toContain('10485760');
    expect(ms).toBeLessThan(2000);
  });

  it('when elements nest 10,000 deep, then it is rejected for its depth without building a tree', async () => {
    const xml = `<definitions xmlns="${BPMN_NS}">${'<a>'.repeat(10000)}${'</a>'.repeat(10000)}</definitions>`;
    const { result, ms } = await timed(xml);
    expectRejected(result, /^tp\/xml-too-deep$/);
    expect(ms).toBeLessThan(2000);
  });

  it.each([
    ['plain text', 'this is not a BPMN model'],
    ['JSON', '{"definitions": []}'],
    ['an empty string', ''],
    ['an unterminated tag', `<definitions xmlns="${BPMN_NS}"`],
  ])('when the document is %s, then it is rejected as not XML', async (_label, xml) => {
    const { result, ms } = await timed(xml);
    expectRejected(result, /^tp\/not-xml$/);
    expect(ms).toBeLessThan(2000);
  });

  it('when the document is well-formed XML but not BPMN, then a clear problem comes back instead of a throw', async () => {
    const result = await compileBpmn('<note><to>Tove</to></note>');
    expect(result.ok).toBe(false);
    expect(result.problems.some((p) => p.severity === 'error')).toBe(true);
  });

  it('when the caller lowers the limits, then they apply', async () => {
    const xml = `<definitions xmlns="${BPMN_NS}"><process id="p"></process></definitions>`;
    expectRejected(await compileBpmn(xml, { maxBytes: 20 }), /^tp\/xml-too-large$/);
    expectRejected(await compileBpmn(xml, { maxDepth: 1 }), /^tp\/xml-too-deep$/);
  });
});
