import { i18next } from './i18n';

/** Both branches are in China; a branch's zone is named here once it is not. */
const BRANCH_TIME_ZONE: Record<string, string> = {};
const zoneOf = (branchId?: string) => (branchId && BRANCH_TIME_ZONE[branchId]) || 'Asia/Shanghai';
const locale = () => (i18next.language === 'en' ? 'en-GB' : 'zh-CN');

/** 12月7日 09:00 / 7 Dec, 09:00 in the branch's time zone. */
export const dateTime = (iso: string, branchId?: string) =>
  new Intl.DateTimeFormat(locale(), {
    timeZone: zoneOf(branchId),
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));

export const time = (iso: string, branchId?: string) =>
  new Intl.DateTimeFormat(locale(), {
    timeZone: zoneOf(branchId),
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));

/** 09:00–12:00 on the appointment's day. */
export const timeWindow = (start: string, end: string, branchId?: string) =>
  `${dateTime(start, branchId)}–${time(end, branchId)}`;

/** Money is kept in fen; people read yuan: ¥1,234.50. */
export const yuan = (fen: number) =>
  new Intl.NumberFormat(locale(), { style: 'currency', currency: 'CNY' }).format(fen / 100);

/** 4:05 for minutes and seconds left. */
export const countdown = (ms: number) => {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};

/** The branch's calendar day now, YYYY-MM-DD. */
export const today = (branchId?: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: zoneOf(branchId), year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
/** The branch's calendar day of an instant, as 2026-12-07: to group and compare days. */
export const dayKey = (at: string | number | Date, branchId?: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: zoneOf(branchId), year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));

/** 12月8日 / 8 Dec, or 周二 / Tue: a day picked from a list, in two parts. */
export const dayLabel = (at: string | number | Date, part: 'date' | 'weekday', branchId?: string) =>
  new Intl.DateTimeFormat(locale(), {
    timeZone: zoneOf(branchId),
    ...(part === 'date' ? { month: 'short', day: 'numeric' } : { weekday: 'short' }),
  }).format(new Date(at));
