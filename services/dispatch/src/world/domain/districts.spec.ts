import { districtCode } from './districts';

describe('district codes', () => {
  it('reads Chinese district names as the codes workers serve', () => {
    expect(districtCode('徐汇区')).toBe('xuhui');
    expect(districtCode('浦东新区')).toBe('pudong');
    expect(districtCode(' 朝阳区 ')).toBe('chaoyang');
  });

  it('reads English names and codes alike', () => {
    expect(districtCode('Xuhui District')).toBe('xuhui');
    expect(districtCode('Pudong New Area')).toBe('pudong');
    expect(districtCode('xuhui')).toBe('xuhui');
  });

  it('passes an unknown name through lower-cased, so an exact match still matches', () => {
    expect(districtCode('Lingang')).toBe('lingang');
  });
});
