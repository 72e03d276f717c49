import { anniversaryCard, anniversaryYears, birthdayCard } from './station-cards';

describe('recognition cards', () => {
  const person = { workerId: 'w-1', name: '王芳', stationName: '徐汇天林站', leaderId: 'leader-7' };

  it('a birthday card addresses the station leader and carries a greeting ready to forward', () => {
    const text = JSON.stringify(birthdayCard(person, 'https://ops.example.cn/'));
    expect(text).toContain('To 站长 leader-7');
    expect(text).toContain('王芳，生日快乐');
    expect(text).toContain('https://ops.example.cn/workers/w-1');
  });

  it('an anniversary card counts the years', () => {
    expect(JSON.stringify(anniversaryCard(person, 3, 'https://ops.example.cn'))).toContain('入职3周年快乐');
  });

  it('anniversaries fall on the same day of the year, from the first year on', () => {
    expect(anniversaryYears('2021-11-23', '2026-11-23')).toBe(5);
    expect(anniversaryYears('2026-11-23', '2026-11-23')).toBe(0);
    expect(anniversaryYears('2021-11-22', '2026-11-23')).toBe(0);
    expect(anniversaryYears('2020-02-29', '2027-02-28')).toBe(7);
    expect(anniversaryYears('2020-02-29', '2028-02-28')).toBe(0);
  });
});
