import { Logger, MemoryLogWriter } from '@graphql-hive/gateway-runtime';
import { issueToken, loadTokenConfig } from '@platform/auth';
import { startGateway } from '../src/gateway';
import { startOrdersSubgraph, startDispatchSubgraph } from './fixture-subgraphs';

async function main() {
  const orders = await startOrdersSubgraph();
  const dispatch = await startDispatchSubgraph();
  const writer = new MemoryLogWriter();
  const gw = await startGateway({ port: 0, subgraphs: [orders, dispatch].map(s => ({ name: s.name, url: s.url })), pollMs: 200 });
  await gw.ready(5000);
  const token = await issueToken(loadTokenConfig(), { sub: 'u1', role: 'dispatcher', branch: 'shanghai' });
  const post = async (query: string, headers: Record<string,string> = { authorization: `Bearer ${token}` }, variables?: unknown) => {
    const r = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    console.log(r.status, r.headers.get('x-correlation-id'), await r.text());
  };
  await post('{ order(id: "o1") { id status assignedWorker } }');
  await post('{ order(id: "o1") { id } }', {});
  await post('{ me { sub role branch correlationId } }', { authorization: `Bearer ${token}`, 'x-correlation-id': 'abc-123' });
  await post('{ brokenReadModel }');
  await post('mutation { rescheduleOrder(id: "o1", visitOn: "1999-01-01") { id } }');
  await post('mutation { rescheduleOrder(id: "o1", visitOn: "2099-01-01") { id } }');
  await post('{ order(id: "o1") { followUpOf { followUpOf { followUpOf { followUpOf { followUpOf { followUpOf { followUpOf { followUpOf { followUpOf { followUpOf { id } } } } } } } } } } } }');
  await post('{ order(id: "o1") { statu } }');
  await post('query ($id: ID!) { order(id: $id) { id } }');
  console.log(JSON.stringify(writer.logs.filter(l => l.level !== 'debug'), null, 1).slice(0, 4000));
  await gw.close(); await orders.close(); await dispatch.close();
}
main().catch(e => { console.error(e); process.exit(1); });
