import {
  parseXes,
  serializeXes,
  toConformanceTraces,
  XesError,
  XesParser,
  type XesTrace,
} from '../../../core/eventlog';

const XES = `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xes.features="nested-attributes" openxes.version="2.27">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
  <global scope="event">
    <string key="concept:name" value="__INVALID__"/>
  </global>
  <classifier name="Activity" keys="concept:name"/>
  <string key="concept:name" value="complaints &amp; &quot;queries&quot;"/>
  <trace>
    <string key="concept:name" value="case-1"/>
    <boolean key="vip" value="true"/>
    <event>
      <string key="concept:name" value="Receive"/>
      <date key="time:timestamp" value="2026-11-27T17:30:00.000+08:00"/>
      <string key="org:resource" value="agent &lt;7&gt;"/>
      <string key="org:group" value="complaints"/>
      <int key="priority" value="2"/>
      <float key="score" value="0.75"/>
      <float key="limit" value="INF"/>
      <id key="identity:id" value="6f1c3b8e-0000-4000-8000-000000000001"/>
      <string key="note" value="line one&#10;line two">
        <string key="lang" value="zh"/>
      </string>
      <list key="tags">
        <values>
          <string key="tag" value="urgent"/>
          <string key="tag" value="email"/>
        </values>
      </list>
      <container key="customer">
        <string key="name" value="张三"/>
        <int key="age" value="42"/>
      </container>
    </event>
    <event>
      <string key="concept:name" value="Reply"/>
      <date key="time:timestamp" value="2026-11-28T09:00:00Z"/>
      <boolean key="override" value="false"/>
    </event>
  </trace>
  <trace>
    <string key="concept:name" value="case-2"/>
    <event>
      <string key="concept:name" value="Receive"/>
    </event>
  </trace>
</log>
`;

describe('XES', () => {
  it('when parsed, then every attribute keeps its type and value', () => {
    const log = parseXes(XES);
    expect(log.logAttributes['openxes.version']).toBe('2.27');
    expect(log.extensions).toHaveLength(2);
    expect(log.globals[0]).toEqual({
      scope: 'event',
      attributes: [{ type: 'string', key: 'concept:name', value: '__INVALID__' }],
    });
    expect(log.classifiers).toEqual([{ name: 'Activity', keys: 'concept:name' }]);
    expect(log.attributes[0]).toEqual({ type: 'string', key: 'concept:name', value: 'complaints & "queries"' });
    expect(log.traces).toHaveLength(2);
    const [first] = log.traces[0].events;
    expect(first.attributes).toEqual([
      { type: 'string', key: 'concept:name', value: 'Receive' },
      {
        type: 'date',
        key: 'time:timestamp',
        value: Date.parse('2026-11-27T09:30:00Z'),
        text: '2026-11-27T17:30:00.000+08:00',
      },
      { type: 'string', key: 'org:resource', value: 'agent <7>' },
      { type: 'string', key: 'org:group', value: 'complaints' },
      { type: 'int', key: 'priority', value: 2 },
      { type: 'float', key: 'score', value: 0.75 },
      { type: 'float', key: 'limit', value: Infinity },
      { type: 'id', key: 'identity:id', value: '6f1c3b8e-0000-4000-8000-000000000001' },
      {
        type: 'string',
        key: 'note',
        value: 'line one\nline two',
        children: [{ type: 'string', key: 'lang', value: 'zh' }],
      },
      {
        type: 'list',
        key: 'tags',
        children: [
          { type: 'string', key: 'tag', value: 'urgent' },
          { type: 'string', key: 'tag', value: 'email' },
        ],
      },
      {
        type: 'container',
        key: 'customer',
        children: [
          { type: 'string', key: 'name', value: '张三' },
          { type: 'int', key: 'age', value: 42 },
        ],
      },
    ]);
    expect(log.traces[0].attributes[1]).toEqual({ type: 'boolean', key: 'vip', value: true });
  });

  it('when parsed, serialised and parsed again, then the logs are equal (round trip keeps everything)', () => {
    const once = parseXes(XES);
    const twice = parseXes(serializeXes(once));
    expect(twice).toEqual(once);
    expect(serializeXes(twice)).toBe(serializeXes(once));
  });

  it('when streamed in small chunks with traces not retained, then each trace arrives once, in order', () => {
    const seen: XesTrace[] = [];
    const parser = new XesParser({ onTrace: (t) => seen.push(t), retainTraces: false });
    for (let i = 0; i < XES.length; i += 7) parser.write(XES.slice(i, i + 7));
    const log = parser.close();
    expect(log.traces).toHaveLength(0);
    expect(seen.map((t) => t.attributes[0])).toEqual([
      { type: 'string', key: 'concept:name', value: 'case-1' },
      { type: 'string', key: 'concept:name', value: 'case-2' },
    ]);
    expect(seen[0]).toEqual(parseXes(XES).traces[0]);
  });

  it('when a typed value is malformed, then an XesError naming the line', () => {
    const bad = '<log>\n<trace>\n<event>\n<int key="n" value="x"/>\n</event></trace></log>';
    expect(() => parseXes(bad)).toThrow(XesError);
    expect(() => parseXes(bad)).toThrow(/line 4/);
  });

  it('when the XML is broken, then an XesError', () => {
    expect(() => parseXes('<log><trace></log>')).toThrow(XesError);
  });

  it('when converted for conformance, then activity, time, resource and department are read from the standard keys', () => {
    const traces = toConformanceTraces(parseXes(XES));
    expect(traces[0]).toEqual({
      caseId: 'case-1',
      events: [
        {
          activity: 'Receive',
          timestamp: Date.parse('2026-11-27T09:30:00Z'),
          resource: 'agent <7>',
          role: undefined,
          department: 'complaints',
        },
        {
          activity: 'Reply',
          timestamp: Date.parse('2026-11-28T09:00:00Z'),
          resource: undefined,
          role: undefined,
          department: undefined,
        },
      ],
    });
  });
});
