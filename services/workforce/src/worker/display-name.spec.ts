import { displayName } from './display-name';

describe("a worker's name as a customer is told it", () => {
  it('is the surname and 师傅, the given name left out', () => {
    expect(displayName('王建国')).toBe('王师傅');
    expect(displayName('  李娜 ')).toBe('李师傅');
  });

  it('keeps a two-character surname whole, but not when it is the whole name', () => {
    expect(displayName('欧阳修文')).toBe('欧阳师傅');
    expect(displayName('司马')).toBe('司师傅');
  });

  it('takes the last word of a name written given name first', () => {
    expect(displayName('Anna Schmidt')).toBe('Schmidt 师傅');
  });

  it('is empty for an unknown name', () => {
    expect(displayName('')).toBe('');
  });
});
