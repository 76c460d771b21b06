import { CsvImporter, CsvReader, importCsv, parseXes, serializeXes } from '../../../core/eventlog';

const CSV = [
  'case,activity,time,agent,channel,amount',
  'c1,Receive,2026-11-27T09:30:00Z,a7,email,12.5',
  'c2,Receive,2026-11-27T10:00:00Z,a8,sms,3',
  'c1,Reply,2026-11-27T09:00:00Z,a7,email,',
  ',Receive,2026-11-27T10:00:00Z,a8,sms,1',
  'c3,Receive,yesterday,a8,sms,1',
  'c3,"Handle, then ""close""",2026-11-27T11:00:00Z,a9,"web',
  'chat",abc',
  'c4,Receive,2026-11-27T11:00:00Z',
  '',
].join('\r\n');

const mapping = {
  case: 'case',
  activity: 'activity',
  timestamp: 'time',
  resource: 'agent',
  extra: { channel: { key: 'channel' }, amount: { type: 'float' as const } },
};

describe('CSV import', () => {
  it('when rows are good, then events grouped by case and sorted by time', () => {
    const r = importCsv(CSV, mapping);
    expect(r.rows).toBe(7);
    expect(r.imported).toBe(3);
    const c1 = r.log.traces[0];
    expect(c1.attributes).toEqual([{ type: 'string', key: 'concept:name', value: 'c1' }]);
    expect(c1.events.map((e) => e.attributes[0])).toEqual([
      { type: 'string', key: 'concept:name', value: 'Reply' },
      { type: 'string', key: 'concept:name', value: 'Receive' },
    ]);
    expect(c1.events[1].attributes).toEqual([
      { type: 'string', key: 'concept:name', value: 'Receive' },
      {
        type: 'date',
        key: 'time:timestamp',
        value: Date.parse('2026-11-27T09:30:00Z'),
        text: '2026-11-27T09:30:00.000Z',
      },
      { type: 'string', key: 'org:resource', value: 'a7' },
      { type: 'string', key: 'channel', value: 'email' },
      { type: 'float', key: 'amount', value: 12.5 },
    ]);
  });

  it('when rows are bad, then each is reported with its line number and reason', () => {
    const r = importCsv(CSV, mapping);
    expect(r.errors).toEqual([
      { line: 5, message: 'empty case ("case")' },
      { line: 6, message: 'unparsable timestamp "yesterday"' },
      { line: 7, message: 'column "amount": "abc" is not a number' },
      { line: 9, message: 'expected 6 fields, found 3' },
    ]);
  });

  it('when a mapped column is missing from the header, then it is reported on line 1', () => {
    expect(importCsv('case,act\n1,A\n', { case: 'case', activity: 'activity' }).errors[0]).toEqual({
      line: 1,
      message: 'Header has no column "activity"',
    });
  });

  it('when fed in chunks, then the result equals the one-shot import', () => {
    const importer = new CsvImporter(mapping);
    for (let i = 0; i < CSV.length; i += 5) importer.push(CSV.slice(i, i + 5));
    expect(importer.progress).toEqual({ rows: 7, imported: 3, rejected: 4 });
    expect(importer.end()).toEqual(importCsv(CSV, mapping));
  });

  it('when the imported log is exported as XES and read back, then it is unchanged', () => {
    const { log } = importCsv(CSV, mapping);
    expect(parseXes(serializeXes(log))).toEqual(log);
  });

  it('when a quoted field spans lines and holds quotes and separators, then it is one field', () => {
    const reader = new CsvReader(';');
    const records = [...reader.push('a;"x;""y""\nz";b\nc'), ...reader.end()];
    expect(records).toEqual([
      { line: 1, fields: ['a', 'x;"y"\nz', 'b'] },
      { line: 3, fields: ['c'] },
    ]);
  });
});
