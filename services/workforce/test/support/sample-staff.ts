import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { staffColumns, type StaffColumn } from '../../src/import/domain/staff-columns';

/**
 * Staff spreadsheets for the specs and the benchmark. The same arguments give the same
 * bytes (so the same import id), as long as `at` is given or the day does not change.
 */
export interface SampleStaffOptions {
  /** How many of the `count` lines are deliberately bad, spread over the file (default 0). */
  bad?: number;
  /** Status of the good lines: all active (default), all applicants, or alternating. */
  status?: 'active' | 'applicant' | 'mixed';
  /** Staff numbers are `<prefix><6 digits>` from `firstNo` (defaults `S`, 1). */
  prefix?: string;
  firstNo?: number;
  /** Header names: English (default) or Chinese (工号, 姓名, 手机 …). */
  headers?: 'english' | 'chinese';
  /** The day certificate validity and employment dates are counted from (default now). */
  at?: Date;
}

/** Each kind of bad line the generator writes, and the field the import must name for it. */
export const sampleBadKinds = [
  { kind: 'phone', field: 'phone' },
  { kind: 'unknown-station', field: 'stationId' },
  { kind: 'duplicate-staff-no', field: 'staffNo' },
  { kind: 'expired-certificate', field: 'certificateValidTo' },
  { kind: 'birthday', field: 'birthday' },
  { kind: 'language', field: 'languages' },
] as const;

export interface SampleStaff {
  header: string[];
  /** Cells by canonical column, line 2 first. */
  rows: Record<StaffColumn, string | Date>[];
  /** The deliberately bad lines (spreadsheet line numbers) and the field each must be reported on. */
  bad: { line: number; field: string; kind: string }[];
}

const chineseHeaders: Record<StaffColumn, string> = {
  staffNo: '工号',
  name: '姓名',
  phone: '手机',
  birthday: '出生日期',
  stationId: '站点',
  jobTypes: '工种',
  languages: '语言',
  experienceYears: '工作年限',
  homeLat: '纬度',
  homeLng: '经度',
  serviceAreas: '服务区域',
  certificateType: '证书类型',
  certificateNumber: '证书编号',
  certificateIssuer: '发证机关',
  certificateValidFrom: '证书生效日期',
  certificateValidTo: '证书有效期至',
  employedSince: '入职日期',
  status: '状态',
};

const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡'];
const givenNames = [
  '秀英',
  '桂英',
  '丽',
  '敏',
  '静',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '芳',
];
const jobTypes = ['HC-DAILY', 'HC-DEEP', 'ELDERLY-CARE', 'NANNY', 'AC-REPAIR'];
const districts = ['xuhui', 'changning', 'jingan', 'pudong', 'huangpu', 'minhang'];
const certificates = [
  { type: 'housekeeping', issuer: '上海市家政服务行业协会' },
  { type: 'elderly_care', issuer: '上海市人力资源和社会保障局' },
  { type: 'maternity_care', issuer: '上海市妇女联合会' },
  { type: 'electrician', issuer: '应急管理部' },
];

const day = (at: Date, offsetDays: number) =>
  new Date(at.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** The lines themselves; sampleStaffCsv and sampleStaffXlsx write them. */
export function sampleStaff(
  count: number,
  stations: readonly string[],
  options: SampleStaffOptions = {},
): SampleStaff {
  if (stations.length === 0) throw new Error('sampleStaff needs at least one station id');
  const { prefix = 'S', firstNo = 1, status = 'active', at = new Date() } = options;
  const badCount = Math.min(options.bad ?? 0, Math.max(0, count - 1));
  // Bad lines evenly spread, never the first (a duplicate needs an earlier line to repeat).
  const badIndexes = new Set(
    Array.from({ length: badCount }, (_, k) => Math.floor(((k + 1) * count) / (badCount + 1))),
  );
  const rows: SampleStaff['rows'] = [];
  const bad: SampleStaff['bad'] = [];
  let badSeen = 0;
  for (let i = 0; i < count; i++) {
    const no = firstNo + i;
    const certificate = certificates[i % certificates.length]!;
    const active = status === 'active' || (status === 'mixed' && i % 2 === 0);
    const row: Record<StaffColumn, string | Date> = {
      staffNo: `${prefix}${String(no).padStart(6, '0')}`,
      name: `${surnames[i % surnames.length]}${givenNames[Math.floor(i / surnames.length) % givenNames.length]}`,
      phone: `139${String(no).padStart(8, '0')}`,
      birthday: `${1970 + (i % 30)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      stationId: stations[i % stations.length]!,
      jobTypes: [jobTypes[i % jobTypes.length], jobTypes[(i + 2) % jobTypes.length]].join(';'),
      languages: i % 3 === 0 ? 'zh;yue' : 'zh',
      experienceYears: String(i % 20),
      homeLat: (31.1 + (i % 200) / 1000).toFixed(4),
      homeLng: (121.35 + (i % 300) / 1000).toFixed(4),
      serviceAreas: [districts[i % districts.length], districts[(i + 1) % districts.length]].join(';'),
      certificateType: certificate.type,
      certificateNumber: `CERT-${String(no).padStart(8, '0')}`,
      certificateIssuer: certificate.issuer,
      certificateValidFrom: day(at, -365 * 2 - (i % 100)),
      certificateValidTo: day(at, 365 * 3 + (i % 100)),
      employedSince: active ? day(at, -30 - (i % 2000)) : '',
      status: active ? 'active' : 'applicant',
    };
    if (badIndexes.has(i)) {
      const { kind, field } = sampleBadKinds[badSeen++ % sampleBadKinds.length]!;
      if (kind === 'phone') row.phone = `12${String(no).padStart(9, '0')}`;
      if (kind === 'unknown-station') row.stationId = 'no-such-station';
      if (kind === 'duplicate-staff-no') row.staffNo = rows[0]!.staffNo;
      if (kind === 'expired-certificate') {
        row.certificateValidFrom = day(at, -800);
        row.certificateValidTo = day(at, -10);
      }
      if (kind === 'birthday') row.birthday = '1990-02-30';
      if (kind === 'language') row.languages = 'chinese';
      bad.push({ line: i + 2, field, kind });
    }
    rows.push(row);
  }
  const header = staffColumns.map((column) =>
    options.headers === 'chinese' ? chineseHeaders[column] : column,
  );
  return { header, rows, bad };
}

const csvField = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function sampleStaffCsv(
  count: number,
  stations: readonly string[],
  options: SampleStaffOptions = {},
): Buffer {
  const { header, rows } = sampleStaff(count, stations, options);
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) lines.push(staffColumns.map((column) => csvField(String(row[column]))).join(','));
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

/** Dates are written as date cells (as Excel keeps them), numbers as numbers. */
export async function sampleStaffXlsx(
  count: number,
  stations: readonly string[],
  options: SampleStaffOptions = {},
): Promise<Buffer> {
  const { header, rows } = sampleStaff(count, stations, options);
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise((resolve) => output.on('end', resolve));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useSharedStrings: true,
    useStyles: true,
  });
  // A fixed creation time, so the same lines give the same bytes (and the zip entries' times too,
  // below).
  workbook.created = workbook.modified = new Date(Date.UTC(2024, 0, 1));
  const sheet = workbook.addWorksheet('员工 Staff');
  sheet.addRow(header).commit();
  const dates = new Set<StaffColumn>([
    'birthday',
    'certificateValidFrom',
    'certificateValidTo',
    'employedSince',
  ]);
  const numbers = new Set<StaffColumn>(['experienceYears', 'homeLat', 'homeLng']);
  for (const source of rows) {
    const values = staffColumns.map((column) => {
      const value = String(source[column]);
      if (dates.has(column) && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
        const date = new Date(`${value}T00:00:00Z`);
        // An impossible day (a deliberately bad line) stays text, or Date would roll it over.
        return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) ? date : value;
      }
      return numbers.has(column) && value !== '' ? Number(value) : value;
    });
    const row = sheet.addRow(values);
    staffColumns.forEach((column, index) => {
      if (dates.has(column)) row.getCell(index + 1).numFmt = 'yyyy-mm-dd';
    });
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
  await finished;
  return withFixedEntryTimes(Buffer.concat(chunks));
}

/**
 * Sets every zip entry's modification time to 1 January 2024: the zip writer stamps each entry
 * with the clock (to two seconds), so two files written across such a boundary differed. The
 * times sit in the central directory and in each local header it points to; nothing checksums them.
 */
function withFixedEntryTimes(zip: Buffer): Buffer {
  const DOS_TIME = 0;
  const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1;
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('sample workbook: no zip end-of-directory record');
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('sample workbook: bad zip directory entry');
    zip.writeUInt16LE(DOS_TIME, at + 12);
    zip.writeUInt16LE(DOS_DATE, at + 14);
    const local = zip.readUInt32LE(at + 42);
    zip.writeUInt16LE(DOS_TIME, local + 10);
    zip.writeUInt16LE(DOS_DATE, local + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}
