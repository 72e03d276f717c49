import { certificateTypes, type CertificateType } from '@platform/contracts';
import { v5 as uuidv5 } from 'uuid';
import { certificateExpiresAt, certificateStartsAt } from '../../worker/eligibility';
import { businessDay } from '@platform/domain-kit';

/**
 * One line of a staff spreadsheet, checked. Pure: the readers (staff-file.ts) hand in cells, the
 * runner (staff-import.ts) does the look-ups (does the station exist?) and the writing.
 *
 * Rules a reader of the report needs to know:
 * - Lines are spreadsheet rows: the header is line 1, the first worker line 2. Empty lines count
 *   (a spreadsheet shows them) but are skipped silently.
 * - Every problem of a line is reported, each with its field (the column's canonical name, also
 *   when the header used an alias such as 手机), the column letter and a reason; a line with any
 *   problem is not imported at all.
 * - A staff number seen on an earlier line makes the later line bad: the first one wins.
 * - A certificate that has expired on the day of the import is a bad line, whatever the status.
 *   The platform never records an expired certificate (SubmitCertificate refuses it), and an
 *   active worker must hold a valid one, so quietly importing the worker as an applicant instead
 *   would change what the spreadsheet says. The reason tells what to do: enter the renewed
 *   certificate, or (for an applicant) leave the certificate columns empty.
 * - Warnings never stop a line: an unknown column, a certificate that expires within 30 days, a
 *   phone number already used on an earlier line, an employment date on an applicant (ignored).
 */

/** A cell as the readers give it: CSV gives strings, XLSX also numbers, booleans and dates. */
export type Cell = string | number | boolean | Date | null | undefined;

export interface ImportProblem {
  /** The spreadsheet line (row) number; the header is line 1. */
  line: number;
  /** The column's canonical name (`phone`), or `(file)` / `(header)` for the file as a whole. */
  field: string;
  /** The column letter as a spreadsheet shows it, when the problem is in one cell. */
  column?: string;
  reason: string;
}

export type StaffStatus = 'active' | 'applicant';

/** A certificate as the import submits it; the id is derived, so a re-run finds it again. */
export interface ImportedCertificate {
  certificateId: string;
  type: CertificateType;
  number: string;
  issuer: string;
  validFrom: string;
  validTo: string;
}

/** A line that passed every check, ready to become commands. */
export interface StaffRecord {
  line: number;
  staffNo: string;
  workerId: string;
  name: string;
  phone: string;
  birthday: string;
  stationId: string;
  jobTypes: string[];
  languages: string[];
  experienceYears: number;
  homeLocation: { lat: number; lng: number };
  serviceAreas: string[];
  certificate: ImportedCertificate | null;
  /** Set for active workers only. */
  employedSince: string | null;
  status: StaffStatus;
}

export const staffColumns = [
  'staffNo',
  'name',
  'phone',
  'birthday',
  'stationId',
  'jobTypes',
  'languages',
  'experienceYears',
  'homeLat',
  'homeLng',
  'serviceAreas',
  'certificateType',
  'certificateNumber',
  'certificateIssuer',
  'certificateValidFrom',
  'certificateValidTo',
  'employedSince',
  'status',
] as const;
export type StaffColumn = (typeof staffColumns)[number];

const optionalColumns: readonly StaffColumn[] = [
  'certificateType',
  'certificateNumber',
  'certificateIssuer',
  'certificateValidFrom',
  'certificateValidTo',
  'employedSince',
];
const certificateColumns = optionalColumns.slice(0, 5);

/** Header names besides the canonical one (compared case-insensitively, without spaces, _ or -). */
const aliases: Record<StaffColumn, string[]> = {
  staffNo: [
    'staffnumber',
    'staffid',
    'employeeno',
    'employeeid',
    'employeenumber',
    '工号',
    '员工编号',
    '员工号',
  ],
  name: ['fullname', 'workername', '姓名', '名字'],
  phone: ['mobile', 'phonenumber', 'mobilephone', 'tel', '手机', '手机号', '手机号码', '电话', '联系电话'],
  birthday: ['birthdate', 'dateofbirth', 'dob', '生日', '出生日期'],
  stationId: ['station', '站点', '站点编号', '服务站', '服务站点', '网点'],
  jobTypes: ['jobtype', 'jobs', 'skills', '工种', '服务类型', '岗位'],
  languages: ['language', '语言', '语种'],
  experienceYears: ['experience', 'yearsofexperience', '工作年限', '从业年限', '经验年限'],
  homeLat: ['lat', 'latitude', '纬度', '住址纬度'],
  homeLng: ['lng', 'lon', 'longitude', '经度', '住址经度'],
  serviceAreas: ['servicearea', 'areas', 'districts', '服务区域', '服务区'],
  certificateType: ['certtype', '证书类型'],
  certificateNumber: ['certificateno', 'certno', 'certnumber', '证书编号', '证书号'],
  certificateIssuer: ['issuer', 'certissuer', '发证机关', '发证机构', '发证单位'],
  certificateValidFrom: ['certvalidfrom', 'validfrom', '证书生效日期', '发证日期', '证书起始日期'],
  certificateValidTo: ['certvalidto', 'validto', '证书有效期至', '证书到期日期', '有效期至'],
  employedSince: ['hiredate', 'hiredon', 'startdate', 'employmentdate', '入职日期'],
  status: ['workerstatus', '状态', '在职状态'],
};

/** `Phone (必填)*` → `phone`: notes in brackets, required-markers and separators do not matter. */
const headerKey = (text: string) =>
  text
    .replace(/[(（[【].*?[)）\]】]/g, '')
    .replace(/[\s_\-*:：]/g, '')
    .toLowerCase();

const columnByKey = new Map<string, StaffColumn>(
  staffColumns.flatMap((column) => [
    [headerKey(column), column] as const,
    ...aliases[column].map((alias) => [headerKey(alias), column] as const),
  ]),
);

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

const isBlank = (cell: Cell) => cellText(cell) === '';

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (year: number, month: number, day: number): string | null => {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return `${year}-${pad(month)}-${pad(day)}`;
};
/** Excel counts days from 1899-12-30 (its 1900 leap-year bug only shifts dates before March 1900). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const MAX_EXCEL_SERIAL = 2_958_465;
const fromExcelSerial = (serial: number): string | null =>
  serial >= 1 && serial <= MAX_EXCEL_SERIAL
    ? new Date(EXCEL_EPOCH + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10)
    : null;

/**
 * A calendar day from what spreadsheets hold: a date cell (exceljs gives it as UTC midnight), an
 * Excel serial number (a date cell saved without its format, e.g. 33000), or text:
 * 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301, optionally followed by a midnight time.
 */
export function parseDay(cell: Cell): string | null {
  if (cell instanceof Date)
    return Number.isNaN(cell.getTime())
      ? null
      : dayOf(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
  if (typeof cell === 'number') return Number.isInteger(cell) ? fromExcelSerial(cell) : null;
  const text = cellText(cell).replace(/[ T]00:00(:00(\.0+)?)?Z?$/, '');
  const match =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (match) return dayOf(Number(match[1]), Number(match[2]), Number(match[3]));
  if (/^\d{5}$/.test(text)) return fromExcelSerial(Number(text));
  return null;
}

/** Lists in one cell: `a;b`, `a, b`, or with Chinese punctuation `a；b`, `a，b`, `a、b`. */
const splitList = (cell: Cell) =>
  cellText(cell)
    .split(/[;,；，、\n]/)
    .map((part) => part.trim())
    .filter(Boolean);

const code = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const stationIdPattern = /^[a-z0-9][a-z0-9-]{1,39}$/;
const staffNoPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

const languageNames: Record<string, string> = {
  中文: 'zh',
  汉语: 'zh',
  普通话: 'zh',
  粤语: 'yue',
  广东话: 'yue',
  英语: 'en',
  英文: 'en',
  日语: 'ja',
  韩语: 'ko',
  上海话: 'wuu',
  吴语: 'wuu',
  闽南语: 'nan',
};

const certificateTypeNames: Record<string, CertificateType> = {
  家政: 'housekeeping',
  家政服务员: 'housekeeping',
  母婴护理: 'maternity_care',
  母婴护理师: 'maternity_care',
  月嫂: 'maternity_care',
  养老护理: 'elderly_care',
  养老护理员: 'elderly_care',
  育婴: 'childcare',
  育婴师: 'childcare',
  育婴员: 'childcare',
  电工: 'electrician',
  管道工: 'plumber',
  水暖工: 'plumber',
  急救: 'first_aid',
  急救员: 'first_aid',
  其他: 'other',
};

const statusNames: Record<string, StaffStatus> = {
  active: 'active',
  在职: 'active',
  激活: 'active',
  已激活: 'active',
  正式: 'active',
  applicant: 'applicant',
  申请: 'applicant',
  申请中: 'applicant',
  申请人: 'applicant',
  待审核: 'applicant',
};

/** Ids the import derives, so that the same worker and certificate give the same ids on every run. */
const IMPORT_NAMESPACE = '0b6f3c1e-5d2a-4f7e-9c83-6a1d2e4b7f90';
export const importedWorkerId = (staffNo: string) => `staff-${staffNo}`;
export const importedCertificateId = (workerId: string, type: CertificateType, number: string) =>
  uuidv5(`${workerId}/certificate/${type}/${number}`, IMPORT_NAMESPACE);
export const importedReferenceId = (workerId: string) => uuidv5(`${workerId}/reference`, IMPORT_NAMESPACE);

/** China Standard Time: the calendar of the spreadsheets and of certificate dates. */
const yearsBetween = (from: string, to: string) => {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(5) >= from.slice(5) ? years : years - 1;
};
const MIN_AGE = 16;
const MAX_AGE = 80;
const EXPIRY_WARNING_DAYS = 30;

export type HeaderResult =
  { ok: true; sheet: StaffSheet; warnings: ImportProblem[] } | { ok: false; problems: ImportProblem[] };

export type RowResult =
  | { kind: 'empty' }
  | { kind: 'bad'; problems: ImportProblem[]; warnings: ImportProblem[] }
  | { kind: 'good'; record: StaffRecord; warnings: ImportProblem[] };

/**
 * A staff spreadsheet being read: built from its header line, then given each line in order. It
 * remembers the staff numbers and phone numbers seen, so it must see the lines of one file only.
 * `at` is the instant of the import: ages, employment dates and certificate validity are judged
 * on that day (China Standard Time).
 */
export class StaffSheet {
  private readonly staffNoLines = new Map<string, number>();
  private readonly phoneLines = new Map<string, number>();
  private readonly today: string;

  private constructor(
    private readonly indexOf: ReadonlyMap<StaffColumn, number>,
    private readonly at: Date,
  ) {
    this.today = businessDay(at);
  }

  static fromHeader(cells: readonly Cell[], at: Date, line = 1): HeaderResult {
    const indexOf = new Map<StaffColumn, number>();
    const problems: ImportProblem[] = [];
    const unknown: string[] = [];
    cells.forEach((cell, index) => {
      const text = cellText(cell);
      if (!text) return;
      const column = columnByKey.get(headerKey(text));
      if (!column) {
        unknown.push(`${columnLetter(index)} "${text}"`);
        return;
      }
      const earlier = indexOf.get(column);
      if (earlier !== undefined) {
        problems.push({
          line,
          field: column,
          column: columnLetter(index),
          reason: `column ${column} appears twice (columns ${columnLetter(earlier)} and ${columnLetter(index)}); keep one`,
        });
        return;
      }
      indexOf.set(column, index);
    });
    const missing = staffColumns.filter(
      (column) => !optionalColumns.includes(column) && !indexOf.has(column),
    );
    for (const column of missing) {
      problems.push({
        line,
        field: column,
        reason: `the header has no ${column} column (also recognised: ${aliases[column].join(', ')})`,
      });
    }
    if (problems.length > 0) return { ok: false, problems };
    const warnings: ImportProblem[] =
      unknown.length > 0
        ? [
            {
              line,
              field: '(header)',
              reason: `not imported, unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`,
            },
          ]
        : [];
    return { ok: true, sheet: new StaffSheet(indexOf, at), warnings };
  }

  /** The column letter of a field in this file, for problems found after validation. */
  columnOf(field: string): string | undefined {
    const index = this.indexOf.get(field as StaffColumn);
    return index === undefined ? undefined : columnLetter(index);
  }

  row(line: number, cells: readonly Cell[]): RowResult {
    if (cells.every(isBlank)) return { kind: 'empty' };
    const problems: ImportProblem[] = [];
    const warnings: ImportProblem[] = [];
    const cell = (field: StaffColumn): Cell => {
      const index = this.indexOf.get(field);
      return index === undefined ? undefined : cells[index];
    };
    const r: Report = {
      problems,
      problem: (field, reason) => {
        problems.push({ line, field, ...this.column(field), reason });
        return null;
      },
      warn: (field, reason) => {
        warnings.push({ line, field, ...this.column(field), reason });
      },
    };
    const problem = r.problem;
    const required = (field: StaffColumn): string | null => {
      const text = cellText(cell(field));
      return text ? text : problem(field, 'is required');
    };

    // PostgreSQL cannot store U+0000; a cell holding one would fail the import half-way.
    for (const [field, index] of this.indexOf) {
      const value = cells[index];
      if (typeof value === 'string' && value.includes('\u0000'))
        problem(field, 'must not contain the NUL character (U+0000)');
    }
    const staffNo = this.staffNo(required('staffNo'), line, problem);
    const name = this.name(required('name'), problem);
    const phone = this.phone(cell('phone'), line, r);
    const birthday = this.birthday(cell('birthday'), problem);
    const stationId = this.stationId(required('stationId'), problem);
    const jobTypes = this.codes('jobTypes', cell('jobTypes'), problem);
    const languages = this.languages(cell('languages'), problem);
    const experienceYears = this.integer('experienceYears', cell('experienceYears'), 0, 60, problem);
    const homeLat = this.coordinate('homeLat', cell('homeLat'), 90, problem);
    const homeLng = this.coordinate('homeLng', cell('homeLng'), 180, problem);
    const serviceAreas = this.serviceAreas(cell('serviceAreas'), problem);
    const status = this.status(cell('status'), problem);
    const certificate = this.certificate(cell, status, staffNo, r);
    const employedSince = this.employedSince(cell('employedSince'), status, birthday, r);

    if (
      problems.length > 0 ||
      staffNo === null ||
      name === null ||
      phone === null ||
      birthday === null ||
      stationId === null ||
      jobTypes === null ||
      languages === null ||
      experienceYears === null ||
      homeLat === null ||
      homeLng === null ||
      serviceAreas === null ||
      status === null ||
      certificate === undefined ||
      employedSince === undefined
    ) {
      return { kind: 'bad', problems, warnings };
    }
    return {
      kind: 'good',
      warnings,
      record: {
        line,
        staffNo,
        workerId: importedWorkerId(staffNo),
        name,
        phone,
        birthday,
        stationId,
        jobTypes,
        languages,
        experienceYears,
        homeLocation: { lat: homeLat, lng: homeLng },
        serviceAreas,
        certificate,
        employedSince,
        status,
      },
    };
  }

  private column(field: StaffColumn): { column?: string } {
    const letter = this.columnOf(field);
    return letter ? { column: letter } : {};
  }

  private staffNo(text: string | null, line: number, problem: Problem): string | null {
    if (text === null) return null;
    if (!staffNoPattern.test(text))
      return problem('staffNo', 'must be 1-40 letters, digits, _ or - (starting with a letter or digit)');
    const earlier = this.staffNoLines.get(text);
    if (earlier !== undefined)
      return problem('staffNo', `staff number ${text} is already on line ${earlier}`);
    this.staffNoLines.set(text, line);
    return text;
  }

  private name(text: string | null, problem: Problem): string | null {
    if (text === null) return null;
    return text.length > 60 ? problem('name', 'must be at most 60 characters') : text;
  }

  private phone(cell: Cell, line: number, { problem, warn }: Report): string | null {
    const raw = cellText(cell);
    if (!raw) return problem('phone', 'is required');
    const digits = raw.replace(/[\s\-()（）]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
    if (!/^1[3-9]\d{9}$/.test(digits))
      return problem('phone', 'must be a mainland China mobile number: 11 digits starting 13-19');
    const earlier = this.phoneLines.get(digits);
    if (earlier === undefined) this.phoneLines.set(digits, line);
    else warn('phone', `the same phone number is on line ${earlier}: is it the same person twice?`);
    return digits;
  }

  private day(field: StaffColumn, cell: Cell, problem: Problem): string | null {
    if (isBlank(cell)) return problem(field, 'is required');
    return parseDay(cell) ?? problem(field, 'must be a date such as 1988-07-15 (or a date cell)');
  }

  private birthday(cell: Cell, problem: Problem): string | null {
    const birthday = this.day('birthday', cell, problem);
    if (birthday === null) return null;
    const age = yearsBetween(birthday, this.today);
    if (birthday > this.today) return problem('birthday', 'is in the future');
    if (age < MIN_AGE)
      return problem('birthday', `makes the worker ${age}: workers must be at least ${MIN_AGE}`);
    if (age > MAX_AGE)
      return problem('birthday', `makes the worker ${age}: check the year (at most ${MAX_AGE})`);
    return birthday;
  }

  private stationId(text: string | null, problem: Problem): string | null {
    if (text === null) return null;
    const id = text.toLowerCase();
    return stationIdPattern.test(id)
      ? id
      : problem(
          'stationId',
          'must be a station id: 2-40 lower-case letters, digits or dashes, e.g. sh-xuhui-1',
        );
  }

  private codes(field: 'jobTypes', cell: Cell, problem: Problem): string[] | null {
    const items = [...new Set(splitList(cell))];
    if (items.length === 0) return problem(field, 'is required: one or more job types separated by ; or ,');
    const bad = items.filter((item) => !code.test(item));
    if (bad.length > 0)
      return problem(field, `${bad.join(', ')}: each must be a code of letters, digits, _ or - (at most 40)`);
    return items.length > 20 ? problem(field, 'at most 20 job types') : items;
  }

  private languages(cell: Cell, problem: Problem): string[] | null {
    const items = [...new Set(splitList(cell).map((item) => languageNames[item] ?? item.toLowerCase()))];
    if (items.length === 0) return problem('languages', 'is required: language codes such as zh;yue;en');
    const bad = items.filter((item) => !/^[a-z]{2,3}$/.test(item));
    return bad.length > 0
      ? problem(
          'languages',
          `${bad.join(', ')}: each must be a 2-3 letter language code such as zh, yue or en`,
        )
      : items;
  }

  private number(field: StaffColumn, cell: Cell, problem: Problem): number | null {
    if (isBlank(cell)) return problem(field, 'is required');
    const value =
      typeof cell === 'number' ? cell : /^-?\d+(\.\d+)?$/.test(cellText(cell)) ? Number(cellText(cell)) : NaN;
    return Number.isFinite(value) ? value : problem(field, 'must be a number');
  }

  private integer(field: StaffColumn, cell: Cell, min: number, max: number, problem: Problem): number | null {
    const value = this.number(field, cell, problem);
    if (value === null) return null;
    return Number.isInteger(value) && value >= min && value <= max
      ? value
      : problem(field, `must be a whole number from ${min} to ${max}`);
  }

  private coordinate(
    field: 'homeLat' | 'homeLng',
    cell: Cell,
    limit: number,
    problem: Problem,
  ): number | null {
    const value = this.number(field, cell, problem);
    if (value === null) return null;
    if (Math.abs(value) <= limit) return value;
    const hint =
      field === 'homeLat' && value <= 180
        ? ' (it looks like a longitude: are homeLat and homeLng swapped?)'
        : '';
    return problem(field, `must be between -${limit} and ${limit}${hint}`);
  }

  private serviceAreas(cell: Cell, problem: Problem): string[] | null {
    const items = [...new Set(splitList(cell))];
    if (items.length === 0) return problem('serviceAreas', 'is required: district codes separated by ; or ,');
    if (items.some((item) => item.length > 40))
      return problem('serviceAreas', 'each area must be at most 40 characters');
    return items.length > 50 ? problem('serviceAreas', 'at most 50 areas') : items;
  }

  private status(cell: Cell, problem: Problem): StaffStatus | null {
    const text = cellText(cell);
    if (!text) return problem('status', 'is required: active or applicant');
    return (
      statusNames[text.toLowerCase()] ?? problem('status', 'must be active (在职) or applicant (申请中)')
    );
  }

  /** undefined: the certificate columns are bad; null: no certificate given (allowed for applicants). */
  private certificate(
    cell: (field: StaffColumn) => Cell,
    status: StaffStatus | null,
    staffNo: string | null,
    r: Report,
  ): ImportedCertificate | null | undefined {
    const { problem, warn } = r;
    const given = certificateColumns.some((field) => !isBlank(cell(field)));
    if (!given) {
      if (status !== 'active') return null;
      problem(
        'certificateType',
        'an active worker needs a verified certificate: fill in the certificate columns',
      );
      return undefined;
    }
    const before = r.problems.length;
    const typeText = cellText(cell('certificateType'));
    const type: CertificateType | null = !typeText
      ? problem('certificateType', 'is required when a certificate is given')
      : (((certificateTypes as readonly string[]).includes(typeText.toLowerCase())
          ? (typeText.toLowerCase() as CertificateType)
          : certificateTypeNames[typeText]) ??
        problem(
          'certificateType',
          `must be one of ${certificateTypes.join(', ')} (or 家政, 月嫂, 养老护理, 育婴, 电工…)`,
        ));
    const number = cellText(cell('certificateNumber'));
    if (!number) problem('certificateNumber', 'is required when a certificate is given');
    else if (number.length > 60) problem('certificateNumber', 'must be at most 60 characters');
    const issuer = cellText(cell('certificateIssuer'));
    if (!issuer) problem('certificateIssuer', 'is required when a certificate is given');
    else if (issuer.length > 120) problem('certificateIssuer', 'must be at most 120 characters');
    const validFrom = this.day('certificateValidFrom', cell('certificateValidFrom'), problem);
    const validTo = this.day('certificateValidTo', cell('certificateValidTo'), problem);
    if (validFrom !== null && validTo !== null) {
      if (validTo <= validFrom) problem('certificateValidTo', 'must be after certificateValidFrom');
      else if (certificateExpiresAt(validTo) <= this.at) {
        problem(
          'certificateValidTo',
          status === 'active'
            ? `the certificate expired on ${validTo}: an active worker needs a valid one; enter the renewed certificate`
            : `the certificate expired on ${validTo}: enter the renewed certificate, or leave the certificate columns empty`,
        );
      } else if (status === 'active' && certificateStartsAt(validFrom) > this.at) {
        problem(
          'certificateValidFrom',
          `the certificate is valid only from ${validFrom}: an active worker needs one valid today`,
        );
      } else if (
        status === 'active' &&
        certificateExpiresAt(validTo).getTime() - this.at.getTime() < EXPIRY_WARNING_DAYS * 86_400_000
      ) {
        warn(
          'certificateValidTo',
          `the certificate expires on ${validTo}, within ${EXPIRY_WARNING_DAYS} days`,
        );
      }
    }
    if (
      r.problems.length > before ||
      type === null ||
      validFrom === null ||
      validTo === null ||
      staffNo === null
    )
      return undefined;
    return {
      certificateId: importedCertificateId(importedWorkerId(staffNo), type, number),
      type,
      number,
      issuer,
      validFrom,
      validTo,
    };
  }

  /** undefined: bad; null: not employed (an applicant). */
  private employedSince(
    cell: Cell,
    status: StaffStatus | null,
    birthday: string | null,
    { problem, warn }: Report,
  ): string | null | undefined {
    if (status !== 'active') {
      if (status === 'applicant' && !isBlank(cell))
        warn('employedSince', 'ignored: an applicant is not employed yet');
      return null;
    }
    const day = this.day('employedSince', cell, problem);
    if (day === null) return undefined;
    if (day > this.today) return problem('employedSince', 'is in the future') ?? undefined;
    if (birthday !== null && yearsBetween(birthday, day) < MIN_AGE)
      return problem('employedSince', `is before the worker turned ${MIN_AGE}`) ?? undefined;
    return day;
  }
}

/** Where a line's checks put what they find; `problem` returns null so a check can `return problem(…)`. */
interface Report {
  problems: ImportProblem[];
  problem: Problem;
  warn(field: StaffColumn, reason: string): void;
}
type Problem = (field: StaffColumn, reason: string) => null;

/** What a line tells about the applicant, in the shape WorkerCommands.apply takes. */
export function applicationOf(record: StaffRecord) {
  const { workerId, name, phone, birthday, stationId, jobTypes, languages } = record;
  const { experienceYears, homeLocation, serviceAreas } = record;
  return {
    workerId,
    name,
    phone,
    birthday,
    stationId,
    jobTypes,
    languages,
    experienceYears,
    homeLocation,
    serviceAreas,
  };
}
