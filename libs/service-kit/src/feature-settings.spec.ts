import { applySwitch, effectiveSetting } from './feature-settings';

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
});
