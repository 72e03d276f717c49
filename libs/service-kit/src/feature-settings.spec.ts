import { applySwitch, effectiveSetting, SwitchHistory } from './feature-settings';

describe('effective feature settings', () => {
  const switches = new Map<string, boolean>();
  applySwitch(switches, { branchId: 'sh', businessUnit: 'all', feature: 'tipping', enabled: true });
  applySwitch(switches, { branchId: 'sh', businessUnit: 'after_sales', feature: 'tipping', enabled: false });

  it('a business unit switch wins over the branch-wide one', () => {
    expect(effectiveSetting(switches, 'sh', 'after_sales', 'tipping')).toEqual({
      enabled: false,
      source: 'business_unit',
    });
    expect(effectiveSetting(switches, 'sh', 'home_cleaning', 'tipping')).toEqual({
      enabled: true,
      source: 'branch',
    });
  });

  it('a feature never switched for the branch is off', () => {
    expect(effectiveSetting(switches, 'bj', 'home_cleaning', 'tipping')).toEqual({
      enabled: false,
      source: 'default',
    });
    expect(effectiveSetting(switches, 'sh', 'home_cleaning', 'auto_dispatch').enabled).toBe(false);
  });

  it('the latest switch counts', () => {
    const later = new Map(switches);
    applySwitch(later, { branchId: 'sh', businessUnit: 'after_sales', feature: 'tipping', enabled: true });
    expect(effectiveSetting(later, 'sh', 'after_sales', 'tipping').enabled).toBe(true);
  });

  it('answers as of a time: a switch made later does not count for what happened before it', () => {
    const history = new SwitchHistory();
    const on = {
      branchId: 'sh',
      businessUnit: 'all',
      feature: 'recognition_messages',
      enabled: true,
    } as const;
    history.record(on, '2026-06-01T10:00:00.000Z');
    history.record({ ...on, enabled: false }, '2026-06-01T12:00:00.000Z');
    const at = (iso: string) =>
      effectiveSetting(history.asOf(new Date(iso)), 'sh', 'home_cleaning', 'recognition_messages');
    expect(at('2026-06-01T09:59:59.999Z')).toEqual({ enabled: false, source: 'default' });
    expect(at('2026-06-01T11:00:00.000Z')).toEqual({ enabled: true, source: 'branch' });
    expect(at('2026-06-01T12:00:00.000Z').enabled).toBe(false);
    expect(effectiveSetting(history.latest, 'sh', 'home_cleaning', 'recognition_messages').enabled).toBe(
      false,
    );
  });
});
