import { loadEnv } from '@platform/eventing';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_MAX_BYTES, type FilePolicy } from './file-policy';

/** `<repo>/.local/files`, beside the local servers' data, whatever directory the process starts in. */
const DEFAULT_DIR = resolve(__dirname, '../../../../.local/files');

const requiredForS3 = z.string({ error: 'required when FILE_STORAGE=s3' });

const filesEnvSchema = z.discriminatedUnion('FILE_STORAGE', [
  z.object({
    FILE_STORAGE: z.literal('local'),
    FILE_STORAGE_DIR: z.string().default(DEFAULT_DIR),
  }),
  z.object({
    FILE_STORAGE: z.literal('s3'),
    S3_ENDPOINT: z.url({
      protocol: /^https?$/,
      error: 'expected an http(s) URL, e.g. http://127.0.0.1:9000',
    }),
    S3_BUCKET: requiredForS3,
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_ACCESS_KEY_ID: requiredForS3,
    S3_SECRET_ACCESS_KEY: requiredForS3,
    /** Most S3-compatible servers address buckets by path (`/bucket/key`), not by host name. */
    S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true'),
  }),
]);

/**
 * Files are held in memory while their type is checked and their hash taken, so the limit has a
 * ceiling; larger files would go straight to object storage (ADR 0009).
 */
const policyEnvSchema = z.object({
  FILE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(100 * 1024 * 1024)
    .default(DEFAULT_MAX_BYTES),
});

export interface S3StorageConfig {
  kind: 's3';
  endpoint: string;
  bucket: string;
  region: string;
  forcePathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
}

export type StorageConfig = { kind: 'local'; dir: string } | S3StorageConfig;

export interface FilesConfig {
  policy: FilePolicy;
  storage: StorageConfig;
}

export const FILES_CONFIG = Symbol('FILES_CONFIG');
/** The bearer-token settings of `@platform/auth` (JWT_SECRET). */
export const TOKEN_CONFIG = Symbol('TOKEN_CONFIG');

/** Reads the file slice's variables once, at start-up; a bad one stops the process with its name. */
export function loadFilesConfig(env: NodeJS.ProcessEnv = process.env): FilesConfig {
  const { FILE_MAX_BYTES } = loadEnv(policyEnvSchema, env);
  const storageEnv = loadEnv(filesEnvSchema, { ...env, FILE_STORAGE: env.FILE_STORAGE || 'local' });
  const storage: StorageConfig =
    storageEnv.FILE_STORAGE === 'local'
      ? { kind: 'local', dir: resolve(storageEnv.FILE_STORAGE_DIR) }
      : {
          kind: 's3',
          endpoint: storageEnv.S3_ENDPOINT,
          bucket: storageEnv.S3_BUCKET,
          region: storageEnv.S3_REGION,
          forcePathStyle: storageEnv.S3_FORCE_PATH_STYLE === 'true',
          accessKeyId: storageEnv.S3_ACCESS_KEY_ID,
          secretAccessKey: storageEnv.S3_SECRET_ACCESS_KEY,
        };
  return { policy: { maxBytes: FILE_MAX_BYTES }, storage };
}
