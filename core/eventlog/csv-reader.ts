/** One CSV record and the physical line (1-based) on which it starts. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * An incremental RFC 4180 CSV reader: push chunks, get complete records back. Quoted fields may hold
 * separators, doubled quotes and line breaks; CRLF and LF both end records.
 */
export class CsvReader {
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  private quoteSeen = false;
  private line = 1;
  private recordLine = 1;
  private pendingCR = false;
  private started = false;

  constructor(private readonly separator = ',') {}

  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    for (const ch of chunk) {
      if (this.pendingCR) {
        this.pendingCR = false;
        if (ch === '\n') continue;
      }
      if (this.inQuotes) {
        if (ch === '"') {
          this.inQuotes = false;
          this.quoteSeen = true;
        } else {
          if (ch === '\n') this.line++;
          this.field += ch;
        }
        continue;
      }
      if (ch === '"') {
        // A quote right after a closing quote is an escaped quote.
        if (this.quoteSeen) this.field += '"';
        this.inQuotes = true;
        this.started = true;
        continue;
      }
      this.quoteSeen = false;
      if (ch === this.separator) {
        this.fields.push(this.field);
        this.field = '';
        this.started = true;
      } else if (ch === '\n' || ch === '\r') {
        if (ch === '\r') this.pendingCR = true;
        this.emit(out);
        this.line++;
        this.recordLine = this.line;
      } else {
        this.field += ch;
        this.started = true;
      }
    }
    return out;
  }

  /** Ends input; returns the last record when the text does not end with a line break. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    this.emit(out);
    return out;
  }

  private emit(out: CsvRecord[]): void {
    if (this.started || this.field !== '' || this.fields.length > 0) {
      this.fields.push(this.field);
      out.push({ line: this.recordLine, fields: this.fields });
    }
    this.fields = [];
    this.field = '';
    this.started = false;
    this.quoteSeen = false;
  }
}
