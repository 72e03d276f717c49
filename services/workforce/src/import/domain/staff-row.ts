import { certificateTypes, type CertificateType } from '@platform/contracts';
import { v5 as uuidv5 } from 'uuid';
import { certificateExpiresAt, certificateStartsAt } from '../../worker/eligibility';
import { businessDay } from '@platform/domain-kit';
import {
  staffColumns,
  optionalColumns,
  certificateColumns,
  aliases,
  headerKey,
  columnByKey,
  columnLetter,
  cellText,
  isBlank,
  staffNoPattern,
  certificateTypeNames,
  nameCell,
  dayCell,
  stationIdCell,
  codesCell,
  languagesCell,
  integerCell,
  coordinateCell,
  serviceAreasCell,
  statusCell,
  type Cell,
  type StaffStatus,
  type StaffColumn,
  type Problem,
} from './staff-columns';

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

export interface ImportProblem {
  /** The spreadsheet line (row) number; the header is line 1. */
  line: number;
  /** The column's canonical name (`phone`), or `(file)` / `(header)` for the file as a whole. */
  field: string;
  /** The column letter as a spreadsheet shows it, when the problem is in one cell. */
  column?: string;
  reason: string;
}

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
    const name = nameCell(required('name'), problem);
    const phone = this.phone(cell('phone'), line, r);
    const birthday = this.birthday(cell('birthday'), problem);
    const stationId = stationIdCell(required('stationId'), problem);
    const jobTypes = codesCell('jobTypes', cell('jobTypes'), problem);
    const languages = languagesCell(cell('languages'), problem);
    const experienceYears = integerCell('experienceYears', cell('experienceYears'), 0, 60, problem);
    const homeLat = coordinateCell('homeLat', cell('homeLat'), 90, problem);
    const homeLng = coordinateCell('homeLng', cell('homeLng'), 180, problem);
    const serviceAreas = serviceAreasCell(cell('serviceAreas'), problem);
    const status = statusCell(cell('status'), problem);
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

  private birthday(cell: Cell, problem: Problem): string | null {
    const birthday = dayCell('birthday', cell, problem);
    if (birthday === null) return null;
    const age = yearsBetween(birthday, this.today);
    if (birthday > this.today) return problem('birthday', 'is in the future');
    if (age < MIN_AGE)
      return problem('birthday', `makes the worker ${age}: workers must be at least ${MIN_AGE}`);
    if (age > MAX_AGE)
      return problem('birthday', `makes the worker ${age}: check the year (at most ${MAX_AGE})`);
    return birthday;
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
    const validFrom = dayCell('certificateValidFrom', cell('certificateValidFrom'), problem);
    const validTo = dayCell('certificateValidTo', cell('certificateValidTo'), problem);
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
    const day = dayCell('employedSince', cell, problem);
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
