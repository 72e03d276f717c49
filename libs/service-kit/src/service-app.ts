import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectEventTransport } from '@platform/eventing';
import express from 'express';
import { refuseDeepGraphQLBody } from './json-body';

/**
 * A service's app: HTTP with body parsing off except JSON on /graphql (bounded in size and depth),
 * because webhooks, uploads and imports read (and limit) their raw bodies themselves; and, where
 * the process consumes, its `@EventPattern` handlers on Kafka (`KafkaEventTransport`). The app is
 * initialised before the consumers start, so no handler runs before every module is set up; the
 * consumers join their groups in the background, so nothing waits for them. It listens on
 * LISTEN_HOST (`loadListenHost`); `stopOnSignals` stops it, consumers before the stores.
 */
export async function createServiceApp(module: DynamicModule) {
  const app = await NestFactory.create(module, { bodyParser: false, logger: ['error', 'warn'] });
  app.use('/graphql', express.json({ limit: '1mb' }), refuseDeepGraphQLBody);
  connectEventTransport(app);
  await app.init();
  await app.startAllMicroservices();
  return app;
}
