import { interactiveCard, type CardLink, type ChatCard } from '@platform/service-kit';
/**
 * The station messages in the Lark/Feishu interactive-card format. Pure, so each card is tested
 * without a chat server. Greetings are ready to forward: the leader copies the quoted text.
 */
type Card = ChatCard;
const card = (template: string, title: string, lines: string[], link?: CardLink): Card =>
  interactiveCard(template, title, lines, link ? [link] : []);

export type StationPerson = { workerId: string; name: string; stationName: string; leaderId: string };

export function birthdayCard(person: StationPerson, appUrl: string): Card {
  return card(
    'orange',
    `🎂 生日提醒 Birthday · ${person.name}`,
    [
      `**To 站长 ${person.leaderId}** · ${person.stationName}`,
      `今天是 **${person.name}** 的生日。Today is ${person.name}'s birthday.`,
      '',
      '可转发的祝福 Ready to forward:',
      `> ${person.name}，生日快乐！感谢你一直以来的用心服务，祝你新的一岁健康顺利！`,
      `> Happy birthday, ${person.name}! Thank you for the care you bring to every home. All the best for the year ahead!`,
    ],
    { label: '查看档案 Open profile', url: `${appUrl.replace(/\/$/, '')}/workers/${person.workerId}` },
  );
}

export function anniversaryCard(person: StationPerson, years: number, appUrl: string): Card {
  return card(
    'green',
    `🎉 入职周年 Work anniversary · ${person.name} · ${years}`,
    [
      `**To 站长 ${person.leaderId}** · ${person.stationName}`,
      `今天是 **${person.name}** 入职 ${years} 周年。Today ${person.name} has been with us for ${years} year${years === 1 ? '' : 's'}.`,
      '',
      '可转发的祝福 Ready to forward:',
      `> ${person.name}，入职${years}周年快乐！感谢你${years}年来的坚持与付出，我们为你骄傲！`,
      `> Happy ${years}-year anniversary, ${person.name}! Thank you for ${years} year${years === 1 ? '' : 's'} of dedication — we are proud to work with you.`,
    ],
    { label: '查看档案 Open profile', url: `${appUrl.replace(/\/$/, '')}/workers/${person.workerId}` },
  );
}

export function welcomeCard(person: Omit<StationPerson, 'leaderId'>, jobTypes: string[]): Card {
  return card('blue', `👋 欢迎新同事 Welcome · ${person.name}`, [
    `**${person.stationName}** 欢迎新同事 **${person.name}** 加入！`,
    `Please welcome **${person.name}** to ${person.stationName}!`,
    `服务 Services: ${jobTypes.join(', ')}`,
  ]);
}

export function regularWorkerCard(person: Omit<StationPerson, 'leaderId'>, itemName: string): Card {
  return card('purple', `⭐ 指定服务人员 Regular worker · ${person.name}`, [
    `一位客户指定 **${person.name}** 为其「${itemName}」的专属服务人员。`,
    `A customer made **${person.name}** their regular worker for ${itemName}. Well done!`,
    `站点 Station: ${person.stationName}`,
  ]);
}

const leap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * Whether `day` is the yearly return of `date` (both YYYY-MM-DD, or `date` as MM-DD): a date of
 * 29 February is celebrated on 28 February in common years.
 */
export function fallsOn(date: string, day: string): boolean {
  const monthDay = date.slice(-5);
  if (monthDay === day.slice(5)) return true;
  return monthDay === '02-29' && day.slice(5) === '02-28' && !leap(Number(day.slice(0, 4)));
}

/** Whole years from `since` to `on` (YYYY-MM-DD) when `on` is an anniversary of `since`, else 0. */
export function anniversaryYears(since: string, on: string): number {
  if (!fallsOn(since, on)) return 0;
  return Math.max(0, Number(on.slice(0, 4)) - Number(since.slice(0, 4)));
}
