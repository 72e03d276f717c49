import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import type { Cell } from './domain/staff-columns';
import type { ImportProblem } from './domain/staff-row';

/**
 * Staff spreadsheets as they arrive: which types are accepted, and their lines read as a stream,
 * so that memory does not grow with the number of lines (the upload itself is held, up to
 * MAX_STAFF_FILE_BYTES, because its hash names the import before anything is read).
 */
export type StaffFileFormat = 'csv' | 'xlsx';
export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** 20 MiB holds ~100,000 lines of CSV; a larger staff list is split into several files. */
export const MAX_STAFF_FILE_BYTES = 20 * 1024 * 1024;
/** Past this a file is refused as a whole: it protects against a small XLSX that unpacks to millions of rows. */
export const MAX_STAFF_LINES = 100_000;

export interface StaffFile {
  bytes: Buffer;
  format: StaffFileFormat;
  /** CSV only: Excel on Chinese Windows saves CSV in GB18030 (GBK), everything else in UTF-8. */
  encoding: 'utf-8' | 'gb18030';
  fileName: string | null;
}

export interface StaffLine {
  line: number;
  cells: Cell[];
}

/** An upload refused before its lines are read: the HTTP status and what to change. */
export class StaffFileRejected extends Error {
  constructor(
    readonly status: 400 | 413 | 415 | 422,
    message: string,
    readonly problems: ImportProblem[] = [],
  ) {
    super(message);
    this.name = 'StaffFileRejected';
  }
}

/** A file that cannot be read on from `line` (broken quoting, a damaged workbook, too many lines). */
export class StaffFileUnreadable extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'StaffFileUnreadable';
  }
}

const csvTypes = new Set(['text/csv', 'application/csv', 'text/comma-separated-values']);
const accepted = `${CSV_TYPE} (UTF-8 or GBK) or ${XLSX_TYPE} (.xlsx)`;
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export interface Declaration {
  format: StaffFileFormat;
  /** application/vnd.ms-excel: Windows browsers send .csv with it, so the bytes decide. */
  sniff: boolean;
  charset: 'utf-8' | 'gb18030' | null;
}

/** Checks the Content-Type (and encoding) before the body is read. */
export function declaredFormat(contentType: string | undefined, contentEncoding?: string): Declaration {
  if (contentEncoding && contentEncoding.toLowerCase() !== 'identity')
    throw new StaffFileRejected(
      415,
      `Content-Encoding ${contentEncoding} is not supported: send the file as it is`,
    );
  const [type = '', ...params] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase());
  const charsetParam = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (type === XLSX_TYPE) return { format: 'xlsx', sniff: false, charset: null };
  if (csvTypes.has(type) || type === 'application/vnd.ms-excel') {
    let charset: Declaration['charset'] = null;
    if (charsetParam) {
      if (['utf-8', 'utf8'].includes(charsetParam)) charset = 'utf-8';
      else if (['gbk', 'gb2312', 'gb18030'].includes(charsetParam)) charset = 'gb18030';
      else throw new StaffFileRejected(415, `charset ${charsetParam} is not supported: use UTF-8 or GBK`);
    }
    return { format: 'csv', sniff: type === 'application/vnd.ms-excel', charset };
  }
  throw new StaffFileRejected(
    415,
    contentType
      ? `Content-Type ${contentType} is not a staff spreadsheet: send ${accepted}`
      : `Content-Type is missing: send ${accepted}`,
  );
}

/** Checks the bytes against the declaration. */
export function staffFile(bytes: Buffer, declared: Declaration, fileName: string | null): StaffFile {
  if (bytes.length === 0) throw new StaffFileRejected(400, 'the file is empty');
  if (bytes.subarray(0, 4).equals(OLE2_MAGIC))
    throw new StaffFileRejected(
      415,
      'this is an old Excel .xls workbook: save it as .xlsx or CSV and upload again',
    );
  if (declared.format === 'xlsx') {
    if (!bytes.subarray(0, 4).equals(ZIP_MAGIC))
      throw new StaffFileRejected(
        415,
        'the body is not an .xlsx workbook (an .xlsx file is a ZIP container)',
      );
    return { bytes, format: 'xlsx', encoding: 'utf-8', fileName };
  }
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) {
    throw new StaffFileRejected(
      415,
      `the body is a ZIP container (an .xlsx workbook?), not CSV: send it with Content-Type ${XLSX_TYPE}`,
    );
  }
  const utf8 = isUtf8(bytes);
  if (declared.charset === 'utf-8' && !utf8)
    throw new StaffFileRejected(
      400,
      'the CSV is not valid UTF-8: save it as "CSV UTF-8", or declare charset=gbk',
    );
  return { bytes, format: 'csv', encoding: declared.charset ?? (utf8 ? 'utf-8' : 'gb18030'), fileName };
}

/** The lines of the file's first worksheet, in order, each with its spreadsheet line number. */
export function staffLines(file: StaffFile): AsyncGenerator<StaffLine> {
  return file.format === 'csv' ? csvLines(file) : xlsxLines(file);
}

const CHUNK = 64 * 1024;

/** Small slices, so that the parser's output waits for the reader instead of piling up. */
function* decodedText(bytes: Buffer, encoding: StaffFile['encoding']): Generator<string> {
  const decoder = new TextDecoder(encoding);
  for (let offset = 0; offset < bytes.length; offset += CHUNK)
    yield decoder.decode(bytes.subarray(offset, offset + CHUNK), { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** Comma unless the header line holds more semicolons or tabs (Excel's CSV in some locales). */
export function detectDelimiter(firstLine: string): ',' | ';' | '\t' {
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const count = (char: string) => unquoted.split(char).length - 1;
  const candidates = [',', ';', '\t'] as const;
  return candidates.reduce((best, char) => (count(char) > count(best) ? char : best), ',');
}

async function* csvLines(file: StaffFile): AsyncGenerator<StaffLine> {
  const head = new TextDecoder(file.encoding).decode(file.bytes.subarray(0, 8192));
  const parser = Readable.from(decodedText(file.bytes, file.encoding)).pipe(
    parse({
      delimiter: detectDelimiter(head.split(/\r?\n/, 1)[0] ?? ''),
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }),
  );
  let line = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (++line > MAX_STAFF_LINES + 1) throw tooManyLines(line);
      yield { line, cells: record };
    }
  } catch (error) {
    if (error instanceof StaffFileUnreadable) throw error;
    // The parser may have read ahead of the lines handed out: its own count says where it stopped.
    const records = (error as { records?: unknown }).records;
    const at = typeof records === 'number' ? records + 1 : line + 1;
    throw new StaffFileUnreadable(
      at,
      `the CSV cannot be read from line ${at} on: ${(error as Error).message}`,
    );
  } finally {
    parser.destroy();
  }
}

const tooManyLines = (line: number) =>
  new StaffFileUnreadable(
    line,
    `the file has more than ${MAX_STAFF_LINES} worker lines: split it into smaller files`,
  );

async function* xlsxLines(file: StaffFile): AsyncGenerator<StaffLine> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(chunks(file.bytes)), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Needed to tell a date cell from a number: exceljs turns date-formatted numbers into Dates.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let line = 1;
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        line = row.number;
        if (line > MAX_STAFF_LINES + 1) throw tooManyLines(line);
        const values = row.values as unknown[];
        yield {
          line,
          cells: Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => xlsxCell(values[i + 1])),
        };
      }
      return;
    }
    throw new StaffFileUnreadable(1, 'the workbook has no worksheet');
  } catch (error) {
    if (error instanceof StaffFileUnreadable) throw error;
    throw new StaffFileUnreadable(line, `the workbook cannot be read: ${(error as Error).message}`);
  }
}

function* chunks(bytes: Buffer): Generator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += CHUNK) yield bytes.subarray(offset, offset + CHUNK);
}

/** exceljs values: rich text, formulas (their cached result), hyperlinks (their text), errors (#N/A). */
export function xlsxCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value instanceof Date
  )
    return value;
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.richText))
      return (object.richText as { text?: unknown }[]).map((part) => String(part.text ?? '')).join('');
    if ('result' in object) return xlsxCell(object.result);
    if ('formula' in object || 'sharedFormula' in object) return null;
    if ('text' in object) return xlsxCell(object.text);
    if ('error' in object) return String(object.error);
  }
  return String(value);
}
