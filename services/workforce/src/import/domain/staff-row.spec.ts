import { parseDay, staffColumns, type Cell, type StaffColumn } from './staff-columns';
import { importedCertificateId, StaffSheet, type RowResult } from './staff-row';

// The import runs on 2025-06-15 at 10:00 in Shanghai.
const at = new Date('2025-06-15T10:00:00+08:00');

const good: Record<StaffColumn, Cell> = {
  staffNo: 'S0001',
  name: '王秀英',
  phone: '13912345678',
  birthday: '1980-03-04',
  stationId: 'sh-xuhui',
  jobTypes: 'HC-DAILY;HC-DEEP',
  languages: 'zh, yue',
  experienceYears: '8',
  homeLat: '31.19',
  homeLng: '121.43',
  serviceAreas: 'xuhui；changning',
  certificateType: 'housekeeping',
  certificateNumber: 'HK-2023-001',
  certificateIssuer: '上海市家政服务行业协会',
  certificateValidFrom: '2023-01-01',
  certificateValidTo: '2027-12-31',
  employedSince: '2019-05-01',
  status: 'active',
};

function sheetOf(header: readonly Cell[] = staffColumns) {
  const result = StaffSheet.fromHeader(header, at);
  if (!result.ok) throw new Error(`header refused: ${JSON.stringify(result.problems)}`);
  return result.sheet;
}

/** One line (line 7 unless told) in the canonical column order. */
function line(change: Partial<Record<StaffColumn, Cell>> = {}, sheet = sheetOf(), lineNo = 7): RowResult {
  const values = { ...good, ...change };
  return sheet.row(
    lineNo,
    staffColumns.map((column) => values[column]),
  );
}

function recordOf(result: RowResult) {
  if (result.kind !== 'good') throw new Error(`expected a good line, got ${JSON.stringify(result)}`);
  return result.record;
}

function problemsOf(result: RowResult) {
  if (result.kind !== 'bad') throw new Error(`expected a bad line, got ${JSON.stringify(result)}`);
  return result.problems;
}

describe('staff spreadsheet header', () => {
  it('recognises the canonical names in any case, with notes and required-markers', () => {
    const header = staffColumns.map((column, i) => (i === 2 ? 'Phone (必填)*' : column.toUpperCase()));
    const result = StaffSheet.fromHeader(header, at);
    expect(result).toMatchObject({ ok: true, warnings: [] });
  });

  it('recognises Chinese headers', () => {
    const header = [
      '工号',
      '姓名',
      '手机',
      '出生日期',
      '站点',
      '工种',
      '语言',
      '工作年限',
      '纬度',
      '经度',
      '服务区域',
      '状态',
    ];
    const result = StaffSheet.fromHeader(header, at);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.sheet.columnOf('phone')).toBe('C');
    const row = result.sheet.row(2, [
      '7',
      '李四',
      '139 1234 5678',
      '1985/2/3',
      'sh-xuhui',
      'NANNY',
      '普通话、粤语',
      3,
      31.2,
      121.4,
      'xuhui',
      '申请中',
    ]);
    expect(recordOf(row)).toMatchObject({
      staffNo: '7',
      workerId: 'staff-7',
      phone: '13912345678',
      birthday: '1985-02-03',
      languages: ['zh', 'yue'],
      status: 'applicant',
      certificate: null,
      employedSince: null,
    });
  });

  it('names every missing required column at line 1', () => {
    const result = StaffSheet.fromHeader(['staffNo', 'name', 'unknown'], at);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.line, p.field])).toEqual([
      [1, 'phone'],
      [1, 'birthday'],
      [1, 'stationId'],
      [1, 'jobTypes'],
      [1, 'languages'],
      [1, 'experienceYears'],
      [1, 'homeLat'],
      [1, 'homeLng'],
      [1, 'serviceAreas'],
      [1, 'status'],
    ]);
    expect(result.problems[0]!.reason).toMatch(/手机/);
  });

  it('refuses a column given twice and warns about unknown columns', () => {
    expect(StaffSheet.fromHeader([...staffColumns, '手机'], at)).toMatchObject({
      ok: false,
      problems: [{ line: 1, field: 'phone', column: 'S', reason: expect.stringMatching(/columns C and S/) }],
    });
    expect(StaffSheet.fromHeader([...staffColumns, 'remarks'], at)).toMatchObject({
      ok: true,
      warnings: [{ line: 1, field: '(header)', reason: expect.stringMatching(/S "remarks"/) }],
    });
  });
});

describe('staff spreadsheet line', () => {
  it('turns a good active line into a record with derived ids', () => {
    const record = recordOf(line());
    expect(record).toEqual({
      line: 7,
      staffNo: 'S0001',
      workerId: 'staff-S0001',
      name: '王秀英',
      phone: '13912345678',
      birthday: '1980-03-04',
      stationId: 'sh-xuhui',
      jobTypes: ['HC-DAILY', 'HC-DEEP'],
      languages: ['zh', 'yue'],
      experienceYears: 8,
      homeLocation: { lat: 31.19, lng: 121.43 },
      serviceAreas: ['xuhui', 'changning'],
      certificate: {
        certificateId: importedCertificateId('staff-S0001', 'housekeeping', 'HK-2023-001'),
        type: 'housekeeping',
        number: 'HK-2023-001',
        issuer: '上海市家政服务行业协会',
        validFrom: '2023-01-01',
        validTo: '2027-12-31',
      },
      employedSince: '2019-05-01',
      status: 'active',
    });
    expect(record.certificate!.certificateId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each<[StaffColumn, Cell, RegExp]>([
    ['staffNo', '', /is required/],
    ['staffNo', 'S 01', /letters, digits/],
    ['name', '', /is required/],
    ['name', 'x'.repeat(61), /at most 60/],
    ['phone', '', /is required/],
    ['phone', '12912345678', /mainland China mobile/],
    ['phone', '1391234567', /mainland China mobile/],
    ['birthday', '', /is required/],
    ['birthday', '1980-02-30', /must be a date/],
    ['birthday', '2015-01-01', /at least 16/],
    ['birthday', '1900-01-01', /check the year/],
    ['stationId', 'Shanghai Xuhui', /station id/],
    ['jobTypes', '', /is required/],
    ['jobTypes', 'HC DAILY', /HC DAILY: each must be a code/],
    ['languages', '', /is required/],
    ['languages', 'chinese', /2-3 letter language code/],
    ['experienceYears', 'eight', /must be a number/],
    ['experienceYears', '61', /whole number from 0 to 60/],
    ['experienceYears', '2.5', /whole number/],
    ['homeLat', '', /is required/],
    ['homeLat', '121.43', /swapped/],
    ['homeLng', '200', /between -180 and 180/],
    ['serviceAreas', '', /is required/],
    ['certificateType', 'plumbing', /must be one of/],
    ['certificateNumber', '', /required when a certificate is given/],
    ['certificateIssuer', '', /required when a certificate is given/],
    ['certificateValidFrom', 'soon', /must be a date/],
    ['certificateValidFrom', '2025-07-01', /valid only from 2025-07-01/],
    ['certificateValidTo', '2022-12-31', /must be after certificateValidFrom/],
    ['employedSince', '', /is required/],
    ['employedSince', '2025-07-01', /in the future/],
    ['employedSince', '1990-01-01', /before the worker turned 16/],
    ['status', '', /is required/],
    ['status', 'retired', /active \(在职\) or applicant/],
  ])('reports %s = %j on its line, field and column', (field, value, reason) => {
    const problems = problemsOf(line({ [field]: value }));
    expect(problems).toEqual([
      {
        line: 7,
        field,
        column: String.fromCharCode(65 + staffColumns.indexOf(field)),
        reason: expect.stringMatching(reason),
      },
    ]);
  });

  it('refuses a cell holding a NUL character, naming its column', () => {
    const problems = problemsOf(line({ certificateIssuer: '上海市人社局\u0000' }));
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'certificateIssuer',
        reason: 'must not contain the NUL character (U+0000)',
      }),
    ]);
  });

  it('reports every problem of a line, not only the first', () => {
    const problems = problemsOf(line({ phone: '123', birthday: 'x', languages: '' }));
    expect(problems.map((p) => p.field)).toEqual(['phone', 'birthday', 'languages']);
  });

  it('makes the second line with a staff number bad, naming the first', () => {
    const sheet = sheetOf();
    expect(line({}, sheet, 2).kind).toBe('good');
    expect(problemsOf(line({ phone: '13900000000' }, sheet, 9))).toEqual([
      expect.objectContaining({
        line: 9,
        field: 'staffNo',
        reason: 'staff number S0001 is already on line 2',
      }),
    ]);
  });

  it('warns about a phone number seen on an earlier line', () => {
    const sheet = sheetOf();
    line({}, sheet, 2);
    const second = line({ staffNo: 'S0002' }, sheet, 3);
    expect(second).toMatchObject({
      kind: 'good',
      warnings: [{ line: 3, field: 'phone', reason: expect.stringMatching(/on line 2/) }],
    });
  });

  it('refuses an expired certificate for an active worker and for an applicant, saying what to do', () => {
    expect(problemsOf(line({ certificateValidTo: '2025-06-14' }))).toEqual([
      expect.objectContaining({
        field: 'certificateValidTo',
        reason: expect.stringMatching(/expired on 2025-06-14: an active worker needs a valid one/),
      }),
    ]);
    expect(
      problemsOf(line({ certificateValidTo: '2025-06-14', status: 'applicant', employedSince: '' })),
    ).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/or leave the certificate columns empty/) }),
    ]);
    // The last valid day is still valid.
    expect(line({ certificateValidTo: '2025-06-15' }).kind).toBe('good');
  });

  it('warns when an active worker’s certificate expires within 30 days', () => {
    expect(line({ certificateValidTo: '2025-07-01' })).toMatchObject({
      kind: 'good',
      warnings: [{ field: 'certificateValidTo', reason: expect.stringMatching(/within 30 days/) }],
    });
  });

  it('needs a certificate and an employment date for an active worker, neither for an applicant', () => {
    const noCertificate = {
      certificateType: '',
      certificateNumber: '',
      certificateIssuer: '',
      certificateValidFrom: '',
      certificateValidTo: '',
    };
    expect(problemsOf(line(noCertificate))).toEqual([
      expect.objectContaining({
        field: 'certificateType',
        reason: expect.stringMatching(/needs a verified certificate/),
      }),
    ]);
    expect(recordOf(line({ ...noCertificate, status: 'applicant', employedSince: '' }))).toMatchObject({
      certificate: null,
      employedSince: null,
    });
    expect(line({ status: 'applicant' })).toMatchObject({
      kind: 'good',
      record: { employedSince: null },
      warnings: [{ field: 'employedSince', reason: expect.stringMatching(/ignored/) }],
    });
  });

  it('reads what spreadsheets hold: numbers, date cells, Chinese names and +86 phones', () => {
    const record = recordOf(
      line({
        staffNo: 1001,
        phone: '+86 139-1234-5678',
        birthday: new Date(Date.UTC(1980, 2, 4)),
        employedSince: 43586, // an Excel serial: 2019-05-01
        certificateValidFrom: '2023年1月1日',
        certificateValidTo: '20271231',
        certificateType: '家政服务员',
        experienceYears: 8,
        homeLat: 31.19,
        status: '在职',
        stationId: 'SH-XUHUI',
      }),
    );
    expect(record).toMatchObject({
      staffNo: '1001',
      phone: '13912345678',
      birthday: '1980-03-04',
      employedSince: '2019-05-01',
      certificate: { type: 'housekeeping', validFrom: '2023-01-01', validTo: '2027-12-31' },
      status: 'active',
      stationId: 'sh-xuhui',
    });
  });

  it('skips empty lines', () => {
    expect(sheetOf().row(4, ['', null, '  ', undefined])).toEqual({ kind: 'empty' });
  });
});

describe('parseDay', () => {
  it.each<[Cell, string | null]>([
    ['2024-03-01', '2024-03-01'],
    ['2024/3/1', '2024-03-01'],
    ['2024.3.1', '2024-03-01'],
    ['2024年3月1日', '2024-03-01'],
    ['20240301', '2024-03-01'],
    ['2024-03-01 00:00:00', '2024-03-01'],
    [45352, '2024-03-01'],
    ['45352', '2024-03-01'],
    [new Date(Date.UTC(2024, 2, 1)), '2024-03-01'],
    ['2024-02-30', null],
    ['2023-02-29', null],
    [45352.5, null],
    ['March 1', null],
    [0, null],
    ['', null],
  ])('%j → %j', (cell, day) => {
    expect(parseDay(cell)).toBe(day);
  });
});
