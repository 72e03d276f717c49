/** Two-character surnames common enough that taking the first character alone would be wrong. */
const compoundSurnames = [
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '申屠',
  '轩辕',
];

const HAN = /\p{Script=Han}/u;

/**
 * How a worker is introduced to a customer, as they introduce themselves at the door: their
 * surname and 师傅 (王师傅, 欧阳师傅). It names no one in particular, which is why it is the only
 * thing of the worker a customer is shown. A name not written in Chinese is taken as given name
 * first, so its last word is the surname.
 */
export function displayName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '';
  if (HAN.test([...trimmed][0]!)) {
    const surname = compoundSurnames.find((s) => trimmed.startsWith(s) && trimmed.length > s.length);
    return `${surname ?? [...trimmed][0]}师傅`;
  }
  return `${trimmed.split(/\s+/).pop()} 师傅`;
}
