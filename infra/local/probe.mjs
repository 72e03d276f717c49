// Answers whether a server is really usable, not just listening: infra.sh waits on it and
// `infra:status` prints its one-line answer.
//   node probe.mjs pg URL | pg-ensure-db URL DB | kafka BROKERS | mongo URL
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';

const [kind, target, extra] = process.argv.slice(2);
const timeout = (ms, what) =>
  new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms).unref());

async function probePg(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    const { rows } = await client.query('SHOW server_version');
    return `PostgreSQL ${rows[0].server_version}`;
  } finally {
    await client.end();
  }
}

async function ensureDatabase(url, db) {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${db.replace(/"/g, '""')}"`);
    return `database ${db} present`;
  } finally {
    await client.end();
  }
}

async function probeKafka(brokers) {
  const kafka = new Kafka({
    clientId: 'infra-probe',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    retry: { retries: 1 },
  });
  const topic = '__infra_probe';
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  const marker = randomUUID();
  const producer = kafka.producer();
  await producer.connect();
  const [{ baseOffset }] = await producer.send({ topic, messages: [{ value: marker }] });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: `infra-probe-${marker}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen = new Promise((resolve) => {
      consumer.run({
        eachMessage: async ({ message }) => {
          if (message.value?.toString() === marker) resolve();
        },
      });
      consumer.on(consumer.events.GROUP_JOIN, () => consumer.seek({ topic, partition: 0, offset: baseOffset }));
    });
    await Promise.race([seen, timeout(15000, 'consuming the probe message')]);
  } finally {
    await consumer.disconnect();
    const cleanup = kafka.admin();
    await cleanup.connect();
    await cleanup.deleteGroups([`infra-probe-${marker}`]).catch(() => undefined);
    await cleanup.disconnect();
  }
  return `Kafka at ${brokers}: produced and consumed a message`;
}

async function probeMongo(url) {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 2000 });
  await client.connect();
  try {
    const info = await client.db('admin').command({ buildInfo: 1 });
    const probe = client.db('infra_probe').collection('probe');
    const marker = randomUUID();
    await probe.insertOne({ _id: marker });
    const found = await probe.findOne({ _id: marker });
    await probe.deleteOne({ _id: marker });
    if (!found) throw new Error('wrote a document but could not read it back');
    const flavour = info.ferretdbVersion ? `FerretDB ${info.ferretdbVersion}` : 'MongoDB';
    return `${flavour} (wire version ${info.version}): wrote and read a document`;
  } finally {
    await client.close();
  }
}

const probes = {
  pg: () => probePg(target),
  'pg-ensure-db': () => ensureDatabase(target, extra),
  kafka: () => probeKafka(target),
  mongo: () => probeMongo(target),
};

if (!probes[kind] || !target) {
  console.error('usage: probe.mjs pg URL | pg-ensure-db URL DB | kafka BROKERS | mongo URL');
  process.exit(2);
}
Promise.race([probes[kind](), timeout(30000, kind)])
  .then((message) => {
    console.log(message);
    process.exit(0);
  })
  .catch((error) => {
    console.error(`${kind}: ${error.message}`);
    process.exit(1);
  });
