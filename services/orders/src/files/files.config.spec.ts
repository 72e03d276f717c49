import { ConfigError } from '@platform/eventing';
import { loadFilesConfig } from './files.config';

const s3 = {
  FILE_STORAGE: 's3',
  S3_ENDPOINT: 'http://127.0.0.1:9000',
  S3_BUCKET: 'files',
  S3_ACCESS_KEY_ID: 'key',
  S3_SECRET_ACCESS_KEY: 'secret',
};

const problemsOf = (env: NodeJS.ProcessEnv) => {
  try {
    loadFilesConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
};

describe('files configuration', () => {
  it('defaults to local disk under the repository, 10 MiB', () => {
    const config = loadFilesConfig({});
    expect(config.policy).toEqual({ maxBytes: 10 * 1024 * 1024 });
    expect(config.storage).toEqual({ kind: 'local', dir: expect.stringMatching(/\/\.local\/files$/) });
  });

  it('reads an S3-compatible server, path-style by default', () => {
    expect(loadFilesConfig({ ...s3, FILE_MAX_BYTES: '2048' })).toMatchObject({
      policy: { maxBytes: 2048 },
      storage: {
        kind: 's3',
        endpoint: 'http://127.0.0.1:9000',
        bucket: 'files',
        region: 'us-east-1',
        forcePathStyle: true,
        accessKeyId: 'key',
        secretAccessKey: 'secret',
      },
    });
  });

  it('names each missing or bad variable', () => {
    expect(problemsOf({ FILE_STORAGE: 'ftp' }).map((p) => p.variable)).toEqual(['FILE_STORAGE']);
    expect(problemsOf({ FILE_STORAGE: 's3', S3_ENDPOINT: 'not a url' })).toEqual([
      { variable: 'S3_ENDPOINT', reason: expect.stringMatching(/http\(s\) URL/) },
      { variable: 'S3_BUCKET', reason: 'required when FILE_STORAGE=s3' },
      { variable: 'S3_ACCESS_KEY_ID', reason: 'required when FILE_STORAGE=s3' },
      { variable: 'S3_SECRET_ACCESS_KEY', reason: 'required when FILE_STORAGE=s3' },
    ]);
    expect(problemsOf({ ...s3, S3_FORCE_PATH_STYLE: 'yes' }).map((p) => p.variable)).toEqual([
      'S3_FORCE_PATH_STYLE',
    ]);
    expect(problemsOf({ FILE_MAX_BYTES: 'ten' }).map((p) => p.variable)).toEqual(['FILE_MAX_BYTES']);
    expect(problemsOf({ FILE_MAX_BYTES: String(200 * 1024 * 1024) }).map((p) => p.variable)).toEqual([
      'FILE_MAX_BYTES',
    ]);
  });
});
