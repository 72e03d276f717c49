import type { CertificateType } from '@platform/contracts';

// The staff sheet's columns: their names and aliases, and how each column's cell is read and checked.

/** A cell as the readers give it: CSV gives strings, XLSX also numbers, booleans and dates. */
export type Cell = string | number | boolean | Date | null | undefined;

export type StaffStatus = 'active' | 'applicant';

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

export const optionalColumns: readonly StaffColumn[] = [
  'certificateType',
  'certificateNumber',
  'certificateIssuer',
  'certificateValidFrom',
  'certificateValidTo',
  'employedSince',
];
export const certificateColumns = optionalColumns.slice(0, 5);

/** Header names besides the canonical one (compared case-insensitively, without spaces, _ or -). */
export const aliases: Record<StaffColumn, string[]> = {
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
export const headerKey = (text: string) =>
  text
    .replace(/[(（[【].*?[)）\]】]/g, '')
    .replace(/[\s_\-*:：]/g, '')
    .toLowerCase();

export const columnByKey = new Map<string, StaffColumn>(
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

export const isBlank = (cell: Cell) => cellText(cell) === '';

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
export const staffNoPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

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

export const certificateTypeNames: Record<string, CertificateType> = {
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

/** Records a problem of a line's cell and returns null, so a check can `return problem(…)`. */
export type Problem = (field: StaffColumn, reason: string) => null;

export function nameCell(text: string | null, problem: Problem): string | null {
  if (text === null) return null;
  return text.length > 60 ? problem('name', 'must be at most 60 characters') : text;
}

export function dayCell(field: StaffColumn, cell: Cell, problem: Problem): string | null {
  if (isBlank(cell)) return problem(field, 'is required');
  return parseDay(cell) ?? problem(field, 'must be a date such as 1988-07-15 (or a date cell)');
}

export function stationIdCell(text: string | null, problem: Problem): string | null {
  if (text === null) return null;
  const id = text.toLowerCase();
  return stationIdPattern.test(id)
    ? id
    : problem(
        'stationId',
        'must be a station id: 2-40 lower-case letters, digits or dashes, e.g. sh-xuhui-1',
      );
}

export function codesCell(field: 'jobTypes', cell: Cell, problem: Problem): string[] | null {
  const items = [...new Set(splitList(cell))];
  if (items.length === 0) return problem(field, 'is required: one or more job types separated by ; or ,');
  const bad = items.filter((item) => !code.test(item));
  if (bad.length > 0)
    return problem(field, `${bad.join(', ')}: each must be a code of letters, digits, _ or - (at most 40)`);
  return items.length > 20 ? problem(field, 'at most 20 job types') : items;
}

export function languagesCell(cell: Cell, problem: Problem): string[] | null {
  const items = [...new Set(splitList(cell).map((item) => languageNames[item] ?? item.toLowerCase()))];
  if (items.length === 0) return problem('languages', 'is required: language codes such as zh;yue;en');
  const bad = items.filter((item) => !/^[a-z]{2,3}$/.test(item));
  return bad.length > 0
    ? problem('languages', `${bad.join(', ')}: each must be a 2-3 letter language code such as zh, yue or en`)
    : items;
}

export function numberCell(field: StaffColumn, cell: Cell, problem: Problem): number | null {
  if (isBlank(cell)) return problem(field, 'is required');
  const value =
    typeof cell === 'number' ? cell : /^-?\d+(\.\d+)?$/.test(cellText(cell)) ? Number(cellText(cell)) : NaN;
  return Number.isFinite(value) ? value : problem(field, 'must be a number');
}

export function integerCell(
  field: StaffColumn,
  cell: Cell,
  min: number,
  max: number,
  problem: Problem,
): number | null {
  const value = numberCell(field, cell, problem);
  if (value === null) return null;
  return Number.isInteger(value) && value >= min && value <= max
    ? value
    : problem(field, `must be a whole number from ${min} to ${max}`);
}

export function coordinateCell(
  field: 'homeLat' | 'homeLng',
  cell: Cell,
  limit: number,
  problem: Problem,
): number | null {
  const value = numberCell(field, cell, problem);
  if (value === null) return null;
  if (Math.abs(value) <= limit) return value;
  const hint =
    field === 'homeLat' && value <= 180
      ? ' (it looks like a longitude: are homeLat and homeLng swapped?)'
      : '';
  return problem(field, `must be between -${limit} and ${limit}${hint}`);
}

export function serviceAreasCell(cell: Cell, problem: Problem): string[] | null {
  const items = [...new Set(splitList(cell))];
  if (items.length === 0) return problem('serviceAreas', 'is required: district codes separated by ; or ,');
  if (items.some((item) => item.length > 40))
    return problem('serviceAreas', 'each area must be at most 40 characters');
  return items.length > 50 ? problem('serviceAreas', 'at most 50 areas') : items;
}

export function statusCell(cell: Cell, problem: Problem): StaffStatus | null {
  const text = cellText(cell);
  if (!text) return problem('status', 'is required: active or applicant');
  return statusNames[text.toLowerCase()] ?? problem('status', 'must be active (在职) or applicant (申请中)');
}
