import { Inject, Module, type DynamicModule, type OnApplicationShutdown, type Type } from '@nestjs/common';
import { loadTokenConfig } from '@platform/auth';
import { PG_POOL } from '@platform/eventing';
import type { Pool } from 'pg';
import type { FileAccess } from './file-access';
import { FileCatalogue } from './file-catalogue';
import { createFileStorage, FILE_STORAGE, type FileStorage } from './file-storage';
import { FILES_CONFIG, loadFilesConfig, TOKEN_CONFIG, type FilesConfig } from './files.config';
import { FILE_ACCESS_TYPE, FilesController } from './files.controller';

export interface FilesModuleOptions {
  /** The PostgreSQL schema of `<schema>.files`: the service's own (`ORDERS_CONTEXT`). */
  schema: string;
  /** Read instead of `process.env` (tests); see files.config.ts for the variables. */
  env?: NodeJS.ProcessEnv;
  /**
   * Who may upload and download what: a provider of the application (it reads the service's own
   * read models), looked up when the module starts. Without one, files go to their uploaders only.
   */
  access?: Type<FileAccess>;
}

/**
 * Uploads and downloads of photos, fault pictures, signatures and documents (`/files`), and the
 * `FileCatalogue` that other slices ask whether an order's file references were uploaded.
 *
 * Needs `PG_POOL` (EventingModule provides it). The upload route reads the request stream itself:
 * Nest's default JSON and URL-encoded parsers (with or without `rawBody: true`) leave file types
 * alone, but no parser that reads image/* or application/pdf bodies (e.g. a global
 * `express.raw()`) may run before it.
 */
@Module({})
export class FilesModule implements OnApplicationShutdown {
  constructor(@Inject(FILE_STORAGE) private readonly storage: FileStorage) {}

  static forRoot(options: FilesModuleOptions): DynamicModule {
    return {
      module: FilesModule,
      controllers: [FilesController],
      providers: [
        { provide: FILES_CONFIG, useFactory: () => loadFilesConfig(options.env) },
        { provide: TOKEN_CONFIG, useFactory: () => loadTokenConfig(options.env) },
        { provide: FILE_ACCESS_TYPE, useValue: options.access ?? null },
        {
          provide: FILE_STORAGE,
          inject: [FILES_CONFIG],
          useFactory: (config: FilesConfig) => createFileStorage(config.storage),
        },
        {
          provide: FileCatalogue,
          inject: [PG_POOL],
          useFactory: (pool: Pool) => FileCatalogue.create(pool, options.schema),
        },
      ],
      exports: [FileCatalogue, FILE_STORAGE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}
