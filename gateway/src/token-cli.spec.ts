import { parseTokenRequest } from './token-cli';

describe('npm run token', () => {
  test('reads the principal and the lifetime from the command line', () => {
    const request = parseTokenRequest([
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
    expect(parseTokenRequest(['--role', 'worker', '--sub', 'w1']).ttlSeconds).toBe(8 * 3600);
  });

  test('refuses an unknown role and lists the roles', () => {
    expect(() => parseTokenRequest(['--role', 'boss', '--sub', 'u1'])).toThrow(
      'unknown role "boss": use one of admin, dispatcher, cs_agent, qa_inspector, station_leader, worker, finance, legal, live_ops, host, customer',
    );
  });

  test('refuses a missing user id and a lifetime that is not a positive number of seconds', () => {
    expect(() => parseTokenRequest(['--role', 'admin'])).toThrow('--sub (the user id) is required');
    expect(() => parseTokenRequest(['--role', 'admin', '--sub', 'a1', '--ttl', '1h'])).toThrow(
      '--ttl must be a positive number of seconds, not "1h"',
    );
  });
});
