import { isIP } from 'node:net';
import { EdgeSettingsError } from './operation-limits';

/**
 * Where a process listens (LISTEN_HOST): loopback by default, so that a service started on a
 * developer's machine is not reachable from the network around the gateway; a container sets
 * 0.0.0.0 (docker-compose.yml, infra/k8s platform-config) to answer on its pod address.
 */
export function loadListenHost(env: NodeJS.ProcessEnv = process.env): string {
  const host = env.LISTEN_HOST || '127.0.0.1';
  if (isIP(host) === 0 && !/^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host))
    throw new EdgeSettingsError([
      { variable: 'LISTEN_HOST', reason: `"${host}" is not an IP address or host name` },
    ]);
  return host;
}
