import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import express from 'express';

/**
 * A service's HTTP app: body parsing off except JSON on /graphql, because webhooks, uploads and
 * imports read (and limit) their raw bodies themselves; shutdown hooks on, so consumers and
 * timers stop cleanly.
 */
export async function createServiceApp(module: DynamicModule) {
  const app = await NestFactory.create(module, { bodyParser: false, logger: ['error', 'warn'] });
  app.use('/graphql', express.json({ limit: '1mb' }));
  app.enableShutdownHooks();
  return app;
}
