import { startGateway } from '../src/gateway';
import { startOrdersSubgraph } from './fixture-subgraphs';
async function main() {
  console.log('start');
  const orders = await startOrdersSubgraph();
  console.log('orders', orders.url);
  const r = await fetch(orders.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ _service { sdl } }' }) });
  console.log(r.status, (await r.text()).slice(0, 100));
  const gw = await startGateway({ port: 0, subgraphs: [{ name: 'orders', url: orders.url }], pollMs: 200 });
  console.log('gw', gw.url);
  await gw.ready(5000);
  console.log('ready');
  await gw.close(); await orders.close();
}
main().catch(e => { console.error(e); process.exit(1); });
