import { StaffSheet } from './domain/staff-row';
import { sampleStaff, sampleStaffCsv, sampleStaffXlsx } from '../../test/support/sample-staff';
import {
  CSV_TYPE,
  declaredFormat,
  detectDelimiter,
  staffFile,
  StaffFileRejected,
  StaffFileUnreadable,
  staffLines,
  XLSX_TYPE,
  type StaffFile,
  type StaffLine,
} from './staff-file';

const csv = (text: string | Buffer, type = CSV_TYPE) =>
  staffFile(typeof text === 'string' ? Buffer.from(text) : text, declaredFormat(type), null);

async function linesOf(file: StaffFile): Promise<StaffLine[]> {
  const lines: StaffLine[] = [];
  for await (const line of staffLines(file)) lines.push(line);
  return lines;
}

function rejection(run: () => unknown): StaffFileRejected {
  try {
    run();
  } catch (error) {
    if (error instanceof StaffFileRejected) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('accepted uploads', () => {
  it('takes CSV and XLSX, and refuses other types with 415 naming the accepted ones', () => {
    expect(declaredFormat('text/csv; charset=UTF-8')).toEqual({
      format: 'csv',
      sniff: false,
      charset: 'utf-8',
    });
    expect(declaredFormat('text/csv; charset=GBK').charset).toBe('gb18030');
    expect(declaredFormat(XLSX_TYPE).format).toBe('xlsx');
    expect(rejection(() => declaredFormat('application/pdf'))).toMatchObject({
      status: 415,
      message: expect.stringMatching(/text\/csv.*spreadsheetml/),
    });
    expect(rejection(() => declaredFormat(undefined)).message).toMatch(/Content-Type is missing/);
    expect(rejection(() => declaredFormat('text/csv; charset=latin1')).status).toBe(415);
    expect(rejection(() => declaredFormat(CSV_TYPE, 'gzip')).status).toBe(415);
  });

  it('checks the bytes: empty, old .xls, a workbook sent as CSV and CSV sent as a workbook', () => {
    expect(rejection(() => csv('')).status).toBe(400);
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(rejection(() => csv(xls, 'application/vnd.ms-excel')).message).toMatch(/old Excel \.xls/);
    expect(csv('staffNo\n1\n', 'application/vnd.ms-excel').format).toBe('csv');
    expect(rejection(() => csv(Buffer.from('PK\x03\x04rest'))).message).toMatch(/ZIP container/);
    expect(rejection(() => staffFile(Buffer.from('a,b'), declaredFormat(XLSX_TYPE), null)).status).toBe(415);
    expect(rejection(() => csv(Buffer.from([0xb9, 0xa4]), 'text/csv; charset=utf-8')).status).toBe(400);
  });
});

describe('CSV lines', () => {
  it('numbers lines as a spreadsheet does: a quoted line break stays in its line, empty lines count', async () => {
    const lines = await linesOf(csv('\ufeffstaffNo,name\r\nS1,"王\r\n秀英"\r\n\r\nS2,李四\r\n'));
    expect(lines).toEqual([
      { line: 1, cells: ['staffNo', 'name'] },
      { line: 2, cells: ['S1', '王\r\n秀英'] },
      { line: 3, cells: [''] },
      { line: 4, cells: ['S2', '李四'] },
    ]);
  });

  it('reads GBK, as Excel saves CSV on Chinese Windows', async () => {
    // 工号,姓名 in GBK
    const file = csv(Buffer.from([0xb9, 0xa4, 0xba, 0xc5, 0x2c, 0xd0, 0xd5, 0xc3, 0xfb, 0x0a]));
    expect(file.encoding).toBe('gb18030');
    expect(await linesOf(file)).toEqual([{ line: 1, cells: ['工号', '姓名'] }]);
  });

  it('finds the delimiter from the header line', async () => {
    expect(detectDelimiter('staffNo;name;jobTypes')).toBe(';');
    expect(detectDelimiter('staffNo\tname')).toBe('\t');
    expect(detectDelimiter('staffNo,"a;b;c",name')).toBe(',');
    expect(await linesOf(csv('staffNo;jobTypes\nS1;"HC-DAILY,HC-DEEP"\n'))).toEqual([
      { line: 1, cells: ['staffNo', 'jobTypes'] },
      { line: 2, cells: ['S1', 'HC-DAILY,HC-DEEP'] },
    ]);
  });

  it('says from which line a broken CSV cannot be read', async () => {
    await expect(linesOf(csv('a,b\n1,2\n3,"unclosed\n'))).rejects.toEqual(expect.any(StaffFileUnreadable));
    await expect(linesOf(csv('a,b\n1,2\n3,"unclosed\n'))).rejects.toMatchObject({ line: 3 });
  });
});

describe('XLSX lines', () => {
  it('reads the first worksheet with its row numbers and date cells', async () => {
    const bytes = await sampleStaffXlsx(3, ['sh-xuhui'], { at: new Date('2025-06-15T02:00:00Z') });
    const lines = await linesOf(staffFile(bytes, declaredFormat(XLSX_TYPE), 'staff.xlsx'));
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3, 4]);
    expect(lines[0]!.cells[0]).toBe('staffNo');
    expect(lines[1]!.cells[3]).toEqual(new Date('1970-01-01T00:00:00Z'));
    expect(lines[1]!.cells[7]).toBe(0);
  });
});

describe('sample staff files', () => {
  const at = new Date('2025-06-15T02:00:00Z');

  async function badLines(file: StaffFile) {
    const found: { line: number; field: string }[] = [];
    let sheet: StaffSheet | null = null;
    for await (const { line, cells } of staffLines(file)) {
      if (!sheet) {
        const header = StaffSheet.fromHeader(cells, at);
        if (!header.ok) throw new Error(JSON.stringify(header.problems));
        sheet = header.sheet;
        continue;
      }
      const result = sheet.row(line, cells);
      if (result.kind === 'bad')
        found.push(...result.problems.map((p) => ({ line: p.line, field: p.field })));
    }
    return found;
  }

  it.each(['csv', 'xlsx'] as const)(
    '%s: the deliberately bad lines are the ones validation finds',
    async (format) => {
      const options = { bad: 12, status: 'mixed' as const, headers: 'chinese' as const, at };
      const expected = sampleStaff(60, ['sh-xuhui'], options)
        .bad.filter((b) => b.kind !== 'unknown-station') // found when the station is looked up
        .map(({ line, field }) => ({ line, field }));
      const bytes =
        format === 'csv'
          ? sampleStaffCsv(60, ['sh-xuhui'], options)
          : await sampleStaffXlsx(60, ['sh-xuhui'], options);
      const file = staffFile(bytes, declaredFormat(format === 'csv' ? CSV_TYPE : XLSX_TYPE), null);
      expect(await badLines(file)).toEqual(expected);
    },
  );

  it('gives the same bytes for the same arguments', async () => {
    expect(sampleStaffCsv(5, ['a1'], { at }).equals(sampleStaffCsv(5, ['a1'], { at }))).toBe(true);
    const a = await sampleStaffXlsx(5, ['a1'], { at });
    // Written across a two-second boundary, where a zip entry's clock time would change.
    const crossed = Math.floor(Date.now() / 2000) + 1;
    while (Math.floor(Date.now() / 2000) < crossed) await new Promise((resolve) => setTimeout(resolve, 100));
    const b = await sampleStaffXlsx(5, ['a1'], { at });
    expect(a.equals(b)).toBe(true);
  });
});
