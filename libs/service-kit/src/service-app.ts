import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import express from 'express';
import { refuseDeepGraphQLBody } from './json-body';

/**
 * A service's HTTP app: body parsing off except JSON on /graphql (bounded in size and depth),
 * because webhooks, uploads and imports read (and limit) their raw bodies themselves. It listens
 * on LISTEN_HOST (`loadListenHost`); `stopOnSignals` stops it.
 */
export async function createServiceApp(module: DynamicModule) {
  const app = await NestFactory.create(module, { bodyParser: false, logger: ['error', 'warn'] });
  app.use('/graphql', express.json({ limit: '1mb' }), refuseDeepGraphQLBody);
  return app;
}
