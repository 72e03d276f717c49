import { i18next } from '../../i18n/i18n';

/** 45 秒 / 12 分钟 / 1.5 小时: a time to assignment as a person reads it. */
export function duration(seconds: number): string {
  if (seconds < 60) return i18next.t('dashboard.seconds', { n: Math.round(seconds) });
  if (seconds < 3600) return i18next.t('dashboard.minutes', { n: Math.round(seconds / 60) });
  return i18next.t('dashboard.hours', { n: Math.round((seconds / 3600) * 10) / 10 });
}

/** 12-07 for 2026-12-07 (the axes' days are Shanghai days already). */
export const shortDay = (day: string) => day.slice(5);

/** 周一 for a Monday. */
export function weekday(day: string): string {
  const n = ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  return i18next.t(`dashboard.weekday.${n}`);
}

/** A label for a code, or the code itself when it has none (a rule added later). */
export const labelOf = (group: string, code: string) => i18next.t(`dashboard.${group}.${code}`, { defaultValue: code });
