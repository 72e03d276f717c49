import { Selector } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { dayKey, dayLabel } from '../i18n/format';

/** Two-hour arrival windows a customer picks from, in Shanghai time. */
const SLOTS = ['08:00', '10:00', '12:00', '14:00', '16:00', '18:00'];
const DAYS_AHEAD = 9;
/** The orders service's lead time: a window starting sooner is not offered. */
const LEAD_MS = 60 * 60_000;

export interface Appointment {
  day?: string;
  slot?: string;
}

const at = (day: string, time: string) => `${day}T${time}:00+08:00`;
const plusHours = (time: string, hours: number) => `${String(Number(time.slice(0, 2)) + hours).padStart(2, '0')}:${time.slice(3)}`;

/** The chosen day and window as the graph's TimeWindowInput, or undefined while incomplete. */
export const timeWindowOf = (value: Appointment | undefined) =>
  value?.day && value.slot ? { start: at(value.day, value.slot), end: at(value.day, plusHours(value.slot, 2)) } : undefined;

/** A day of the next days and a two-hour window on it that can still be booked. */
export function AppointmentPicker({ value, onChange }: { value?: Appointment; onChange?: (value: Appointment) => void }) {
  const { t } = useTranslation();
  const now = Date.now();
  const days = Array.from({ length: DAYS_AHEAD }, (_, i) => dayKey(now + i * 86_400_000));
  // Only the windows that can still be booked on the chosen day: none are shown greyed out.
  const slots = value?.day
    ? SLOTS.filter((slot) => Date.parse(at(value.day!, slot)) >= now + LEAD_MS).map((slot) => ({ label: `${slot}–${plusHours(slot, 2)}`, value: slot }))
    : [];
  const dayName = (day: string, i: number) => {
    const noon = at(day, '12:00');
    const name = i === 0 ? t('workerJobs.today') : i === 1 ? t('workerJobs.tomorrow') : dayLabel(noon, 'weekday');
    return (
      <>
        {name}
        <br />
        {dayLabel(noon, 'date')}
      </>
    );
  };
  return (
    <div>
      <p style={{ margin: '0 0 6px', color: '#595959' }}>{t('booking.day')}</p>
      <div style={{ overflowX: 'auto' }}>
        <Selector
          columns={3}
          options={days.map((day, i) => ({ label: dayName(day, i), value: day }))}
          value={value?.day ? [value.day] : []}
          onChange={(v) => onChange?.({ day: v[0], slot: undefined })}
        />
      </div>
      <p style={{ margin: '10px 0 6px', color: '#595959' }}>{t('booking.window')}</p>
      {!value?.day ? (
        <p style={{ margin: 0 }}>{t('booking.pickDay')}</p>
      ) : slots.length === 0 ? (
        <p style={{ margin: 0 }}>{t('booking.noWindow')}</p>
      ) : (
        <Selector columns={3} options={slots} value={value.slot ? [value.slot] : []} onChange={(v) => onChange?.({ ...value, slot: v[0] })} />
      )}
    </div>
  );
}
