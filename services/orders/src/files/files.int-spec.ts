import { Global, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { issueToken, loadTokenConfig } from '@platform/auth';
import { createPool, PG_POOL, quoteIdent } from '@platform/eventing';
import { serverUrls, uniqueName } from '@platform/eventing/testing';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { FileCatalogue } from './file-catalogue';
import { samples } from './file-samples';
import { FILE_STORAGE, type FileStorage } from './file-storage';
import { FilesModule } from './files.module';

const maxBytes = 64 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** A file of this type that no other test uploads: bytes after the picture change its hash, not its type. */
const freshFile = (type: keyof typeof samples) => Buffer.concat([samples[type], randomBytes(16)]);

describe('files over HTTP (real PostgreSQL, local disk)', () => {
  let app: INestApplication;
  let pool: Pool;
  let schema: string;
  let dir: string;
  let baseUrl: string;
  let token: string;
  let storage: FileStorage;

  beforeAll(async () => {
    pool = createPool(serverUrls().pgUrl, 4);
    schema = uniqueName('files');
    dir = await mkdtemp(join(tmpdir(), 'files-'));
    const env = { FILE_STORAGE_DIR: dir, FILE_MAX_BYTES: String(maxBytes) };

    @Global()
    @Module({ providers: [{ provide: PG_POOL, useValue: pool }], exports: [PG_POOL] })
    class PostgresModule {}

    @Module({ imports: [PostgresModule, FilesModule.forRoot({ schema, env })] })
    class AppModule {}

    // Nest's JSON and URL-encoded parsing on, raw bodies kept: the most a service puts before the route
    // (main.ts has parsing off except on /graphql).
    app = await NestFactory.create(AppModule, { rawBody: true, logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    token = await issueToken(loadTokenConfig(env), { sub: 'worker-7', role: 'worker' });
    storage = app.get<FileStorage>(FILE_STORAGE);
  });

  afterAll(async () => {
    await app?.close();
    await pool?.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    await pool?.end();
    await rm(dir, { recursive: true, force: true });
  });

  const upload = (body: Buffer | ReadableStream<Uint8Array>, headers: Record<string, string>, query = '') =>
    fetch(`${baseUrl}/files${query}`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${token}`, ...headers },
      duplex: 'half',
    } as RequestInit);

  const download = (fileId: string, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}/files/${fileId}`, { headers: { authorization: `Bearer ${token}`, ...headers } });

  const tokenOf = (sub: string) =>
    issueToken(loadTokenConfig({ FILE_STORAGE_DIR: dir }), { sub, role: 'worker' });

  const rows = async (fileId?: string) => {
    const { rows } = await pool.query(
      `SELECT file_id, content_type, size_bytes, kind, uploaded_by FROM ${quoteIdent(schema)}.files
       WHERE $1::text IS NULL OR file_id = $1`,
      [fileId ?? null],
    );
    return rows;
  };

  /** Everything stored: catalogue rows and files on disk, temporary ones included. */
  const everythingStored = async () => ({
    rows: (await rows()).length,
    files: (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile())
      .length,
  });

  it('stores an upload and answers 201 with the SHA-256 of its bytes', async () => {
    const bytes = freshFile('image/png');
    const response = await upload(bytes, { 'content-type': 'image/png' }, '?kind=signature');
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      fileId: sha256(bytes),
      sha256: sha256(bytes),
      size: bytes.length,
      contentType: 'image/png',
      kind: 'signature',
    });
    expect(await rows(sha256(bytes))).toEqual([
      {
        file_id: sha256(bytes),
        content_type: 'image/png',
        size_bytes: bytes.length,
        kind: 'signature',
        uploaded_by: 'worker-7',
      },
    ]);
    expect(await storage.get(sha256(bytes))).toEqual(bytes);
  });

  it('keeps the same bytes uploaded again as one file: same id, one row, first upload on record', async () => {
    const bytes = freshFile('image/jpeg');
    const first = await upload(bytes, { 'content-type': 'image/jpeg' }, '?kind=fault_picture');
    const again = await upload(bytes, { 'content-type': 'image/jpeg' }, '?kind=photo');
    expect([first.status, again.status]).toEqual([201, 201]);
    const [firstBody, againBody] = [await first.json(), await again.json()];
    expect(againBody).toEqual(firstBody);
    expect(againBody).toMatchObject({ fileId: sha256(bytes), kind: 'fault_picture' });
    expect(await rows(sha256(bytes))).toHaveLength(1);
  });

  it('downloads the identical bytes with their type and the hash as ETag', async () => {
    const bytes = freshFile('application/pdf');
    const fileId = (await (await upload(bytes, { 'content-type': 'application/pdf' })).json()).fileId;
    const response = await download(fileId);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('etag')).toBe(`"${sha256(bytes)}"`);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
    // fetch marks a request carrying If-None-Match `Cache-Control: no-cache`, which rules out a 304;
    // a browser revalidating its cache sends no such header.
    const revalidated = await download(fileId, {
      'if-none-match': `"${fileId}"`,
      'cache-control': 'max-age=0',
    });
    expect(revalidated.status).toBe(304);
  });

  it('answers 401 without a valid token and stores nothing', async () => {
    const before = await everythingStored();
    const bytes = freshFile('image/webp');
    const anonymous = await fetch(`${baseUrl}/files`, {
      method: 'POST',
      body: bytes,
      headers: { 'content-type': 'image/webp' },
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(await anonymous.json()).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Authorization: missing: send "Authorization: Bearer <token>"',
      problems: [{ field: 'Authorization', reason: 'missing: send "Authorization: Bearer <token>"' }],
    });
    const forged = await upload(bytes, { 'content-type': 'image/webp', authorization: `Bearer ${token}x` });
    expect(forged.status).toBe(401);
    expect((await forged.json()).problems).toEqual([
      { field: 'Authorization', reason: expect.stringMatching(/^invalid token/) },
    ]);
    expect(await everythingStored()).toEqual(before);
    const { fileId } = await (await upload(bytes, { 'content-type': 'image/webp' })).json();
    expect((await fetch(`${baseUrl}/files/${fileId}`)).status).toBe(401);
  });

  it('answers 413 for a file over the limit, declared or streamed, and stores nothing', async () => {
    const before = await everythingStored();
    const atLimit = Buffer.concat([
      samples['image/png'],
      randomBytes(maxBytes - samples['image/png'].length),
    ]);
    const overLimit = Buffer.concat([atLimit, Buffer.from([0])]);
    const declared = await upload(overLimit, { 'content-type': 'image/png' });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({
      statusCode: 413,
      error: 'Payload Too Large',
      problems: [
        {
          field: 'Content-Length',
          reason: `is ${maxBytes + 1} bytes; the limit is ${maxBytes} bytes (64 KiB)`,
        },
      ],
    });

    // A chunked body declares no length: reading stops once it passes the limit, long before its end.
    let chunksPulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        chunksPulled += 1;
        if (chunksPulled === 1) controller.enqueue(samples['image/png']);
        else if (chunksPulled <= 4096) controller.enqueue(new Uint8Array(16 * 1024));
        else controller.close();
      },
    });
    const streamed = await upload(endless, { 'content-type': 'image/png' });
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).problems).toEqual([
      {
        field: 'body',
        reason: expect.stringMatching(
          /^is over the limit of 65536 bytes \(64 KiB\): reading stopped at \d+ bytes$/,
        ),
      },
    ]);
    expect(chunksPulled).toBeLessThan(4096);
    expect(await everythingStored()).toEqual(before);

    expect((await upload(atLimit, { 'content-type': 'image/png' })).status).toBe(201);
  });

  it('answers 415 for a type not allowed or not matching its bytes, and stores nothing', async () => {
    const before = await everythingStored();
    const cases = [
      {
        bytes: samples.gif,
        contentType: 'image/gif',
        field: 'Content-Type',
        reason: /^image\/gif is not accepted/,
      },
      {
        bytes: freshFile('image/png'),
        contentType: 'image/jpeg',
        field: 'Content-Type',
        reason: /^declared image\/jpeg but the bytes are image\/png$/,
      },
      { bytes: samples.gif, contentType: 'image/png', field: 'body', reason: /^is not of type image\/png/ },
      // Nest's JSON parser reads this body before the route: the route still refuses it by its type.
      {
        bytes: Buffer.from('{"photo":"base64..."}'),
        contentType: 'application/json',
        field: 'Content-Type',
        reason: /^application\/json is not accepted/,
      },
    ];
    for (const { bytes, contentType, field, reason } of cases) {
      const response = await upload(bytes, { 'content-type': contentType });
      expect({ contentType, status: response.status }).toEqual({ contentType, status: 415 });
      const body = await response.json();
      expect(body.problems).toEqual([{ field, reason: expect.stringMatching(reason) }]);
    }
    expect(await everythingStored()).toEqual(before);
  });

  it('answers 400 for an empty body or an unknown kind, and stores nothing', async () => {
    const before = await everythingStored();
    const empty = await upload(Buffer.alloc(0), { 'content-type': 'image/png' });
    expect(empty.status).toBe(400);
    expect((await empty.json()).problems).toEqual([
      { field: 'body', reason: expect.stringMatching(/^is empty/) },
    ]);
    const badKind = await upload(freshFile('image/png'), { 'content-type': 'image/png' }, '?kind=selfie');
    expect(badKind.status).toBe(400);
    expect((await badKind.json()).problems).toEqual([
      { field: 'kind', reason: expect.stringMatching(/selfie/) },
    ]);
    expect(await everythingStored()).toEqual(before);
  });

  it('answers 404 for a file never uploaded and 400 for what cannot be a file id', async () => {
    const unknown = await download(sha256(randomBytes(8)));
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).problems).toEqual([
      { field: 'fileId', reason: expect.stringMatching(/or it is attached to nothing you may see$/) },
    ]);
    expect((await download('not-a-hash')).status).toBe(400);
  });

  it("serves a file only to those who uploaded it, without a service's rules of what it is attached to", async () => {
    const bytes = freshFile('image/png');
    const { fileId } = await (await upload(bytes, { 'content-type': 'image/png' }, '?kind=signature')).json();
    const stranger = await tokenOf('worker-8');
    const asStranger = () =>
      fetch(`${baseUrl}/files/${fileId}`, { headers: { authorization: `Bearer ${stranger}` } });
    const refused = await asStranger();
    expect(refused.status).toBe(404);
    expect((await refused.json()).problems).toEqual([
      { field: 'fileId', reason: expect.stringMatching(/or it is attached to nothing you may see$/) },
    ]);
    // Whoever sends the same bytes shows they have them already.
    const again = await fetch(`${baseUrl}/files`, {
      method: 'POST',
      body: bytes,
      headers: { authorization: `Bearer ${stranger}`, 'content-type': 'image/png' },
    });
    expect(again.status).toBe(201);
    expect((await asStranger()).status).toBe(200);
  });

  it('tells other slices which file references the caller did not upload', async () => {
    const bytes = freshFile('image/png');
    const { fileId } = await (await upload(bytes, { 'content-type': 'image/png' })).json();
    const neverUploaded = sha256(randomBytes(8));
    const catalogue = app.get(FileCatalogue);
    expect(await catalogue.notUploadedBy('worker-7', [fileId, neverUploaded, 'junk'])).toEqual([
      neverUploaded,
      'junk',
    ]);
    expect(await catalogue.notUploadedBy('worker-7', [fileId])).toEqual([]);
    // Someone who knows the id but never sent the bytes may not refer to the file.
    expect(await catalogue.notUploadedBy('worker-9', [fileId])).toEqual([fileId]);
    // Start-up creates the tables idempotently: a second instance on the same schema starts too.
    const again = await FileCatalogue.create(pool, schema);
    expect(await again.notUploadedBy('worker-7', [fileId])).toEqual([]);
  });
});
