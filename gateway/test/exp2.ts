import { issueToken, loadTokenConfig } from '@platform/auth';
import { Logger, MemoryLogWriter } from '@graphql-hive/gateway-runtime';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startGateway } from '../src/gateway';
import { startOrdersSubgraph, freePort } from './fixture-subgraphs';

async function main() {
  const port = await freePort();
  const writer = new MemoryLogWriter();
  const gw = await startGateway({ port: 0, subgraphs: [{ name: 'orders', url: `http://127.0.0.1:${port}/graphql` }], pollMs: 200, log: new Logger({ writers: [writer] }) });
  const token = await issueToken(loadTokenConfig(), { sub: 'u1', role: 'dispatcher', branch: 'shanghai' });
  let r = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ order(id: "1") { id } }' }) });
  console.log('before', r.status, await r.text());
  r = await fetch(gw.url.replace('/graphql', '/readyz'));
  console.log('readyz', r.status, await r.text());
  const orders = await startOrdersSubgraph(port);
  await gw.ready(5000);
  r = await fetch(gw.url.replace('/graphql', '/readyz'));
  console.log('readyz', r.status, await r.text());
  r = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ order(id: "1") { id } }' }) });
  console.log('after', r.status, await r.text());

  // SSE
  const ac = new AbortController();
  const sse = await fetch(gw.url, { method: 'POST', signal: ac.signal, headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: 'subscription { orderStatusChanged { id status } }' }) });
  console.log('sse', sse.status, sse.headers.get('content-type'));
  const reader = sse.body!.getReader();
  const start = Date.now();
  while (orders.subscribers() === 0 && Date.now() - start < 5000) await new Promise(r => setTimeout(r, 20));
  console.log('subscribers', orders.subscribers(), JSON.stringify(orders.connections));
  orders.publishOrderStatus({ id: 'o7', status: 'dispatched' });
  let text = '';
  while (!text.includes('dispatched')) { const { value, done } = await reader.read(); if (done) break; text += new TextDecoder().decode(value); }
  console.log('SSE got', JSON.stringify(text));
  ac.abort();

  // SSE without token
  const bad = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ query: 'subscription { orderStatusChanged { id status } }' }) });
  console.log('sse no token', bad.status, await bad.text());

  // graphql-ws
  const client = createClient({ url: gw.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  const got = new Promise((resolve, reject) => {
    client.subscribe({ query: 'subscription { orderStatusChanged { id status } }' }, { next: (v) => resolve(v), error: reject, complete: () => {} });
  });
  const s2 = Date.now();
  while (orders.subscribers() === 0 && Date.now() - s2 < 5000) await new Promise(r => setTimeout(r, 20));
  orders.publishOrderStatus({ id: 'o8', status: 'completed' });
  console.log('WS got', JSON.stringify(await got));
  await client.dispose();
  const badClient = createClient({ url: gw.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer nope` }, retryAttempts: 0 });
  await new Promise((resolve) => badClient.subscribe({ query: 'subscription { orderStatusChanged { id } }' }, { next: (v) => resolve(['next', v]), error: (e) => { console.log('WS bad', (e as any).code, (e as any).reason); resolve(e); }, complete: () => resolve('complete') }));
  await badClient.dispose();
  console.log(writer.logs.filter(l => l.level !== 'debug').map(l => `${l.level} ${l.msg} ${JSON.stringify(l.attrs).slice(0, 300)}`).join('\n'));
  await gw.close(); await orders.close();
}
main().catch(e => { console.error(e); process.exit(1); });
