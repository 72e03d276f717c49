import {
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { ConfigError } from '@platform/eventing';
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isFileId } from './file-policy';
import type { S3StorageConfig, StorageConfig } from './files.config';

/**
 * Where the bytes of uploaded files live. Files are named by the SHA-256 of their content, so a
 * `put` of an id that is already stored writes the same bytes again, or nothing.
 */
export interface FileStorage {
  put(fileId: string, bytes: Buffer, contentType: string): Promise<void>;
  /** Undefined when nothing is stored under this id. */
  get(fileId: string): Promise<Buffer | undefined>;
  close(): Promise<void>;
}

export const FILE_STORAGE = Symbol('FILE_STORAGE');

// Ids become paths and object keys: refuse anything but a SHA-256 hex, whatever the caller checked.
function checkedId(fileId: string): string {
  if (!isFileId(fileId))
    throw new Error(`not a file id (64 lowercase hex digits): ${JSON.stringify(fileId)}`);
  return fileId;
}

const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;
const explain = (error: unknown): string => (error as Error).message || errorCode(error) || String(error);
const isPresent = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * Files under `dir/ab/cd/<id>`: two levels of 256 directories keep each one small. A file appears
 * under its name only complete and on disk (temp file, fsync, rename, fsync of the directory), so
 * the metadata row written after `put` never points at a torn or missing file.
 */
export class LocalDiskFileStorage implements FileStorage {
  constructor(private readonly dir: string) {}

  /** Creates the directory and proves it writable, so that a bad FILE_STORAGE_DIR stops start-up. */
  static async create(dir: string): Promise<LocalDiskFileStorage> {
    try {
      await mkdir(dir, { recursive: true });
      await access(dir, constants.W_OK);
    } catch (error) {
      throw new ConfigError([
        { variable: 'FILE_STORAGE_DIR', reason: `cannot write to ${dir} (${errorCode(error)})` },
      ]);
    }
    return new LocalDiskFileStorage(dir);
  }

  private pathOf(fileId: string): string {
    const id = checkedId(fileId);
    return join(this.dir, id.slice(0, 2), id.slice(2, 4), id);
  }

  async put(fileId: string, bytes: Buffer, _contentType: string): Promise<void> {
    const target = this.pathOf(fileId);
    // Named by its content: a file already in place holds exactly these bytes.
    if (await isPresent(target)) return;
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${randomUUID()}.tmp`;
    try {
      const file = await open(temp, 'wx');
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    const directory = await open(dirname(target), 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  }

  async get(fileId: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(fileId));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw error;
    }
  }

  async close(): Promise<void> {}
}

const httpStatus = (error: unknown): number | undefined =>
  error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;

/** Objects keyed by file id in one bucket of any S3-compatible server (MinIO, Ceph, AWS S3, …). */
export class S3FileStorage implements FileStorage {
  private constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  /** Proves the bucket reachable with these credentials, so that a bad variable stops start-up. */
  static async create(config: S3StorageConfig): Promise<S3FileStorage> {
    const client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      // The SDK's default checksums (CRC32 trailers) are refused by many S3-compatible servers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    try {
      await client.send(new HeadBucketCommand({ Bucket: config.bucket }));
    } catch (error) {
      client.destroy();
      const status = httpStatus(error);
      const where = `bucket ${config.bucket} at ${config.endpoint}`;
      throw new ConfigError([
        status === 404
          ? { variable: 'S3_BUCKET', reason: `${where} does not exist` }
          : status === 401 || status === 403
            ? { variable: 'S3_ACCESS_KEY_ID', reason: `${where} refused these credentials (HTTP ${status})` }
            : { variable: 'S3_ENDPOINT', reason: `${where} did not answer: ${explain(error)}` },
      ]);
    }
    return new S3FileStorage(client, config.bucket);
  }

  async put(fileId: string, bytes: Buffer, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: checkedId(fileId),
        Body: bytes,
        ContentType: contentType,
      }),
    );
  }

  async get(fileId: string): Promise<Buffer | undefined> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: checkedId(fileId) }),
      );
      return Buffer.from(await object.Body!.transformToByteArray());
    } catch (error) {
      if (httpStatus(error) === 404) return undefined;
      throw error;
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

export const createFileStorage = (config: StorageConfig): Promise<FileStorage> =>
  config.kind === 'local' ? LocalDiskFileStorage.create(config.dir) : S3FileStorage.create(config);
