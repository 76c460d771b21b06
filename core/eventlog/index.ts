/** Event logs: IEEE 1849 XES import/export and CSV import with a column mapping. */
export * from './xes-types';
export { parseXes, parseXesDate, XesParser, type XesParserHandlers } from './xes-parse';
export { serializeXes, xesChunks, xesHeader, xesTrace, XES_FOOTER } from './xes-serialize';
export { CsvReader, type CsvRecord } from './csv-reader';
export {
  CsvImporter,
  importCsv,
  type CsvColumnMapping,
  type CsvImportOptions,
  type CsvImportResult,
  type CsvRowError,
} from './csv-import';
export { toConformanceTraces, type ConformanceKeys } from './to-conformance';
