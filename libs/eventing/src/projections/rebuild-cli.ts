import 'reflect-metadata';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ReadModels } from './read-models';

/**
 * The body of a service's `*-rebuild-cli.ts` (`npm run <service>:rebuild [name ...]`): rebuilds the
 * named read models, or all of them, and exits non-zero on failure. Pass the service's module made
 * for this purpose (no consumers, no forwarder). Refuses while the service's read-model consumers
 * run (`ReadModels.refuseWhileConsumed`): rebuild is an offline command.
 */
export async function rebuildReadModelsFromCommandLine(
  module: DynamicModule | Type<unknown>,
  names: readonly string[] = process.argv.slice(2),
): Promise<void> {
  try {
    const app = await NestFactory.createApplicationContext(module, {
      logger: ['error', 'warn'],
      // Nest's default exits the process on a start-up error before the message below is printed.
      abortOnError: false,
    });
    try {
      const readModels = app.get(ReadModels);
      await readModels.refuseWhileConsumed();
      await readModels.rebuild(names.length > 0 ? names : readModels.names);
    } finally {
      await app.close();
    }
  } catch (error) {
    console.error(`rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
