import { parseTokenRequest, scopeWarnings } from './token-cli';

const TWELVE_HOURS = 12 * 3600;
const parse = (argv: string[], maxLifetime = TWELVE_HOURS) => parseTokenRequest(argv, maxLifetime);

describe('npm run token', () => {
  test('reads the principal and the lifetime from the command line', () => {
    const request = parse([
      '--role',
      'station_leader',
      '--sub',
      'u7',
      '--branch',
      'shanghai',
      '--station',
      's1',
      '--name',
      'Li Lei',
      '--ttl',
      '600',
    ]);

    expect(request).toEqual({
      principal: { sub: 'u7', role: 'station_leader', branch: 'shanghai', station: 's1', name: 'Li Lei' },
      ttlSeconds: 600,
    });
  });

  test('gives a token eight hours unless told otherwise', () => {
    expect(parse(['--role', 'worker', '--sub', 'w1']).ttlSeconds).toBe(8 * 3600);
  });

  test('refuses an unknown role and lists the roles', () => {
    expect(() => parse(['--role', 'boss', '--sub', 'u1'])).toThrow(
      'unknown role "boss": use one of admin, dispatcher, cs_agent, qa_inspector, station_leader, worker, finance, legal, live_ops, host, customer',
    );
  });

  test('refuses a missing user id and a lifetime that is not a positive number of seconds', () => {
    expect(() => parse(['--role', 'admin'])).toThrow('--sub (the user id) is required');
    expect(() => parse(['--role', 'admin', '--sub', 'a1', '--ttl', '1h'])).toThrow(
      '--ttl must be a positive number of seconds, not "1h"',
    );
  });

  test('mints within the maximum lifetime: exactly the maximum, not a second more', () => {
    expect(parse(['--role', 'admin', '--sub', 'a1', '--ttl', '43200']).ttlSeconds).toBe(43200);
    expect(() => parse(['--role', 'admin', '--sub', 'a1', '--ttl', '43201'])).toThrow(
      '--ttl 43201 is longer than a token may live (43200 s, JWT_MAX_LIFETIME_SECONDS)',
    );
  });

  test('refuses a scoped role without its scope, saying what to add', () => {
    expect(() => parse(['--role', 'dispatcher', '--sub', 'd1'])).toThrow(
      'a dispatcher token needs a branch claim: add --branch <branch>',
    );
    expect(() => parse(['--role', 'cs_agent', '--sub', 'c1'])).toThrow(
      'a cs_agent token needs a branch claim',
    );
    expect(() => parse(['--role', 'station_leader', '--sub', 'l1', '--branch', 'shanghai'])).toThrow(
      'a station_leader token needs branch and station claims (missing: station): add --branch <branch> --station <station>',
    );
  });
});

describe('checking the branch and station against the organisation', () => {
  const branches = [
    { id: 'shanghai', stations: [{ id: 'sh-xuhui' }, { id: 'sh-pudong' }] },
    { id: 'beijing', stations: [{ id: 'bj-chaoyang' }] },
  ];

  test('says nothing about a known branch and one of its stations', () => {
    expect(
      scopeWarnings({ sub: 'l', role: 'station_leader', branch: 'shanghai', station: 'sh-xuhui' }, branches),
    ).toEqual([]);
  });

  test('warns of an unknown branch, listing the known ones', () => {
    expect(scopeWarnings({ sub: 'd', role: 'dispatcher', branch: 'shangai' }, branches)).toEqual([
      'warning: branch "shangai" is not a known branch (known: shanghai, beijing)',
    ]);
  });

  test("warns of a station that is not the branch's", () => {
    expect(
      scopeWarnings(
        { sub: 'l', role: 'station_leader', branch: 'shanghai', station: 'bj-chaoyang' },
        branches,
      ),
    ).toEqual([
      'warning: station "bj-chaoyang" is not a station of shanghai (its stations: sh-xuhui, sh-pudong)',
    ]);
  });
});
