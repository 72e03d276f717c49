/**
 * District codes. Workers list the districts they serve as codes (`xuhui`); orders carry the
 * district as the channel wrote it, often in Chinese (`徐汇区`) or English (`Xuhui District`).
 * Matching compares codes, so both sides are normalised here. Unknown names pass through
 * lower-cased: they still match a worker who lists exactly that name.
 */
const CHINESE: Record<string, string> = {
  // Shanghai
  黄浦: 'huangpu',
  徐汇: 'xuhui',
  长宁: 'changning',
  静安: 'jingan',
  普陀: 'putuo',
  虹口: 'hongkou',
  杨浦: 'yangpu',
  闵行: 'minhang',
  宝山: 'baoshan',
  嘉定: 'jiading',
  浦东: 'pudong',
  金山: 'jinshan',
  松江: 'songjiang',
  青浦: 'qingpu',
  奉贤: 'fengxian',
  崇明: 'chongming',
  // Beijing
  东城: 'dongcheng',
  西城: 'xicheng',
  朝阳: 'chaoyang',
  丰台: 'fengtai',
  石景山: 'shijingshan',
  海淀: 'haidian',
  门头沟: 'mentougou',
  房山: 'fangshan',
  通州: 'tongzhou',
  顺义: 'shunyi',
  昌平: 'changping',
  大兴: 'daxing',
  怀柔: 'huairou',
  平谷: 'pinggu',
  密云: 'miyun',
  延庆: 'yanqing',
};

export function districtCode(name: string): string {
  const trimmed = name.trim();
  const chinese = trimmed.replace(/(新区|区)$/u, '');
  if (CHINESE[chinese]) return CHINESE[chinese];
  return trimmed
    .toLowerCase()
    .replace(/\s+(new\s+area|district)$/u, '')
    .replace(/[\s-]+/gu, '');
}
