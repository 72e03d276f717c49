import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Principal, TokenConfig } from '@platform/auth';
import { authenticate, requireRole, type Problem } from '@platform/service-kit';
import type { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { declaredFormat, MAX_STAFF_FILE_BYTES, StaffFileRejected, staffFile } from './staff-file';
import { IMPORT_ROLES, mayRead, StaffImports } from './staff-import';
import type { StaffImportProgress } from './staff-import-progress';

export const STAFF_IMPORT_TOKENS = Symbol('STAFF_IMPORT_TOKENS');

class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

/**
 * Reads the body itself, up to `maxBytes` (the app runs without a body parser outside /graphql):
 * past the limit it stops reading, so an oversized upload costs at most the limit in memory.
 */
function readBody(request: Request, maxBytes: number): Promise<Buffer> {
  if (request.readableEnded)
    throw new Error('the upload was already read by a body parser: no parser may run before /imports/staff');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () =>
      request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      stop();
      request.pause();
      reject(tooLarge());
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const onClose = () => onError(new Error('the client closed the connection before the upload ended'));
    request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

const tooLarge = () =>
  new StaffFileRejected(
    413,
    `the file is larger than ${MAX_STAFF_FILE_BYTES / 1024 / 1024} MiB: split the staff list into smaller files`,
  );

/** `?fileName=`, else the Content-Disposition filename; kept for people, never used as a path. */
function fileNameOf(request: Request): string | null {
  const query = request.query.fileName;
  const disposition = request.headers['content-disposition'] ?? '';
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  let name = typeof query === 'string' ? query : undefined;
  if (!name && extended) {
    try {
      name = decodeURIComponent(extended);
    } catch {
      name = undefined;
    }
  }
  name ??= /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const clean = name
    ?.replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/^.*[\\/]/, '')
    .trim()
    .slice(0, 200);
  return clean ? clean : null;
}

const flag = (value: unknown) => value === 'true' || value === '1';

/**
 * Staff spreadsheet imports over HTTP, for the staff web app and for scripts:
 * - `POST /imports/staff[?fileName=&wait=true&rerun=true]`, the file as the raw body with
 *   Content-Type text/csv (UTF-8 or GBK) or the .xlsx type, at most 20 MiB. Answers 202
 *   `{ importId, statusUrl, … }` at once and imports in the background; 200 when this very file
 *   was imported before (nothing changed; `rerun=true` goes over it again, which is safe); with
 *   `wait=true`, 200 once the import is done (its final progress), 422/500 when it failed.
 *   Refused: 401 no valid bearer token, 403 not an admin or station leader, 413 too large,
 *   415 not CSV/XLSX, 400 empty, 422 the header is not a staff list (each problem named).
 * - `GET /imports/staff/:importId`: the progress (the same JSON as the `staffImport` query).
 */
@Controller('imports/staff')
export class StaffImportController {
  constructor(
    @Inject(StaffImports) private readonly imports: StaffImports,
    @Inject(STAFF_IMPORT_TOKENS) private readonly tokens: TokenConfig,
  ) {}

  @Post()
  async upload(@Req() request: Request, @Res() response: Response): Promise<void> {
    await this.answer(request, response, async () => {
      const principal = await this.caller(request);
      const declared = declaredFormat(request.headers['content-type'], request.headers['content-encoding']);
      const length = Number(request.headers['content-length']);
      if (Number.isFinite(length) && length > MAX_STAFF_FILE_BYTES) throw tooLarge();
      const file = staffFile(await readBody(request, MAX_STAFF_FILE_BYTES), declared, fileNameOf(request));
      const started = await this.imports.start(file, principal, { rerun: flag(request.query.rerun) });
      if (flag(request.query.wait)) {
        const progress = await started.done();
        const failed = progress.status === 'failed';
        const fileFault = progress.badRows.some((problem) => problem.field === '(file)');
        return { status: failed ? (fileFault ? 422 : 500) : 200, body: this.view(progress, started.outcome) };
      }
      return {
        status: started.outcome === 'completed' ? 200 : 202,
        body: {
          ...this.view(started.progress, started.outcome),
          ...(started.outcome === 'completed'
            ? {
                message: `this file was imported before (${started.progress.finishedAt ?? started.progress.startedAt}): nothing changed; add ?rerun=true to go over it again`,
              }
            : {}),
        },
      };
    });
  }

  @Get(':importId')
  async progress(
    @Req() request: Request,
    @Res() response: Response,
    @Param('importId') importId: string,
  ): Promise<void> {
    await this.answer(request, response, async () => {
      const principal = await this.caller(request);
      if (!/^[0-9a-f]{64}$/.test(importId))
        throw new Refused(400, 'an import id is the SHA-256 of the file: 64 lower-case hex digits', [
          { field: 'importId', reason: 'must be 64 lower-case hex digits' },
        ]);
      const progress = await this.imports.find(importId);
      if (!progress) throw new Refused(404, `no import ${importId}`);
      if (!mayRead(principal, progress))
        throw new Refused(403, 'a station leader sees the imports of their own station only');
      return { status: 200, body: this.view(progress) };
    });
  }

  private view(progress: StaffImportProgress, outcome?: string) {
    return { ...progress, ...(outcome ? { outcome } : {}), statusUrl: `/imports/staff/${progress.importId}` };
  }

  private async caller(request: Request): Promise<Principal> {
    const caller = await authenticate(this.tokens, request.headers);
    requireRole(caller, IMPORT_ROLES, 'import staff');
    if (caller.principal.role === 'station_leader' && !caller.principal.station)
      throw new Refused(403, 'the token of a station leader must name their station (claim "station")');
    return caller.principal;
  }

  private async answer(
    request: Request,
    response: Response,
    handle: () => Promise<{ status: number; body: unknown }>,
  ): Promise<void> {
    try {
      const { status, body } = await handle();
      response.status(status).json(body);
    } catch (error) {
      const refused = asRefusal(error);
      if (!refused) {
        const correlationId = randomUUID();
        console.error(`[workforce] ${request.method} ${request.path} failed ${correlationId}:`, error);
        response.status(500).json({
          statusCode: 500,
          error: STATUS_CODES[500],
          message: 'Internal server error',
          correlationId,
        });
        return;
      }
      // A refused upload whose body is still arriving is not read on: closing the connection stops it.
      if (!request.complete) response.setHeader('Connection', 'close');
      if (refused.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
      response.status(refused.status).json({
        statusCode: refused.status,
        error: STATUS_CODES[refused.status],
        message: refused.message,
        problems: refused.problems,
      });
    }
  }
}

function asRefusal(error: unknown): Refused | null {
  if (error instanceof Refused) return error;
  if (error instanceof StaffFileRejected) return new Refused(error.status, error.message, error.problems);
  if (error instanceof GraphQLError) {
    const code = error.extensions.code;
    if (code === 'UNAUTHENTICATED')
      return new Refused(401, error.message, [{ field: 'Authorization', reason: error.message }]);
    if (code === 'FORBIDDEN') return new Refused(403, error.message);
  }
  return null;
}
