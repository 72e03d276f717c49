import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { loadTokenConfig } from '@platform/auth';
import { CommandRunner } from '@platform/service-kit';
import { ProfileStore } from '../worker/profile-store';
import { WorkerCommands } from '../worker/worker-commands';
import { STAFF_IMPORT_TOKENS, StaffImportController } from './staff-import.controller';
import { StaffImports } from './staff-import';
import { StaffImportProgressStore } from './staff-import-progress';
import { StaffImportResolver } from './staff-import.resolver';

export interface StaffImportModuleOptions {
  /**
   * Bring its own WorkerCommands, ProfileStore and CommandRunner (default false: the app's global
   * ones are used). They are stateless, so a second instance is harmless; tests and the benchmark
   * set it to run the import with nothing but EventingModule.
   */
  ownWorkerCommands?: boolean;
  /** Read instead of `process.env` for JWT_SECRET (tests). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Staff spreadsheet imports: `POST /imports/staff`, `GET /imports/staff/:importId`, the
 * `staffImport` query (staff-import.graphql, picked up by the app's `**\/*.graphql` type paths), and
 * `StaffImports` for in-process use (demo data, benchmark).
 *
 * Needs EventingModule (global: PG_POOL, STORAGE_SCHEMA, EVENT_STORE, EventCatalog), WorkerCommands
 * and CommandRunner (global in the app, or `ownWorkerCommands`), and an app created with
 * `bodyParser: false` outside /graphql, since the upload route reads its raw body.
 */
@Module({})
export class StaffImportModule {
  static forRoot(options: StaffImportModuleOptions = {}): DynamicModule {
    const own: Provider[] = options.ownWorkerCommands ? [CommandRunner, ProfileStore, WorkerCommands] : [];
    return {
      module: StaffImportModule,
      controllers: [StaffImportController],
      providers: [
        ...own,
        { provide: STAFF_IMPORT_TOKENS, useFactory: () => loadTokenConfig(options.env) },
        StaffImportProgressStore,
        StaffImports,
        StaffImportResolver,
      ],
      exports: [StaffImports],
    };
  }
}
