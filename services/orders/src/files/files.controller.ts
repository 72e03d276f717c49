import {
  Catch,
  Controller,
  Get,
  Inject,
  type OnModuleInit,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  type ArgumentsHost,
  type ExceptionFilter,
  type Type,
} from '@nestjs/common';
import {
  AuthenticationError,
  bearerToken,
  verifyToken,
  type Principal,
  type TokenConfig,
} from '@platform/auth';
import { ModuleRef } from '@nestjs/core';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { uploadersOnly, type FileAccess } from './file-access';
import { FileCatalogue } from './file-catalogue';
import {
  checkContent,
  checkDeclaration,
  checkSize,
  isFileId,
  type FileKind,
  type Problem,
  type Rejection,
  type RejectionCode,
} from './file-policy';
import { FILE_STORAGE, type FileStorage } from './file-storage';
import { FILES_CONFIG, TOKEN_CONFIG, type FilesConfig } from './files.config';

/** What `POST /files` answers; orders keep `fileId`, never the bytes. */
export interface UploadedFile {
  fileId: string;
  sha256: string;
  size: number;
  contentType: string;
  kind: FileKind;
}

class FileRequestRejected extends Error {
  constructor(
    readonly status: number,
    readonly problems: Problem[],
  ) {
    super(problems.map((problem) => `${problem.field}: ${problem.reason}`).join('; '));
  }
}

/** The class of the application's `FileAccess` provider, or null (FilesModuleOptions.access). */
export const FILE_ACCESS_TYPE = Symbol('FILE_ACCESS_TYPE');

const statusOf: Record<RejectionCode, number> = {
  empty: 400,
  invalid_kind: 400,
  too_large: 413,
  unsupported_type: 415,
};
const rejected = (rejection: Rejection) =>
  new FileRequestRejected(statusOf[rejection.code], rejection.problems);

@Catch(FileRequestRejected)
class FileRequestRejectedFilter implements ExceptionFilter {
  catch(error: FileRequestRejected, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    // A refused upload whose body is still arriving is not read on: closing the connection stops
    // it, where keeping the connection alive would make Node receive and discard all of it.
    if (!request.complete) response.setHeader('Connection', 'close');
    if (error.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    response.status(error.status).json({
      statusCode: error.status,
      error: STATUS_CODES[error.status],
      message: error.message,
      problems: error.problems,
    });
  }
}

/**
 * Reads the request body itself, up to `maxBytes`: past the limit it stops reading (the stream
 * is paused, never drained), so an oversized upload costs at most the limit in memory.
 */
function readBody(request: Request, maxBytes: number): Promise<{ bytes: Buffer } | { stoppedAt: number }> {
  if (request.readableEnded) {
    throw new Error(
      'the upload was already read by a body parser: mount FilesModule without a parser for file types (see files.module.ts)',
    );
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      stop();
      request.pause();
      resolve({ stoppedAt: size });
    };
    const onEnd = () => {
      stop();
      resolve({ bytes: Buffer.concat(chunks, size) });
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const onClose = () => onError(new Error('the client closed the connection before the upload ended'));
    request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

const declaredLength = (request: Request): number | undefined => {
  const header = request.headers['content-length'];
  return header === undefined ? undefined : Number(header);
};

/**
 * `POST /files`: the raw bytes as the body, the file's type as Content-Type, optional `?kind=`.
 * `GET /files/:fileId`: the bytes, with their type and the hash as ETag. Both need a bearer token,
 * and follow the access rules of what files are attached to (FileAccess).
 */
@Controller('files')
@UseFilters(FileRequestRejectedFilter)
export class FilesController implements OnModuleInit {
  private access!: FileAccess;

  constructor(
    @Inject(FILES_CONFIG) private readonly config: FilesConfig,
    @Inject(TOKEN_CONFIG) private readonly tokens: TokenConfig,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(FileCatalogue) private readonly catalogue: FileCatalogue,
    @Inject(FILE_ACCESS_TYPE) private readonly accessType: Type<FileAccess> | null,
    @Inject(ModuleRef) private readonly modules: ModuleRef,
  ) {}

  onModuleInit(): void {
    this.access = this.accessType
      ? this.modules.get(this.accessType, { strict: false })
      : uploadersOnly(this.catalogue);
  }

  @Post()
  async upload(@Req() request: Request, @Query('kind') kind: unknown): Promise<UploadedFile> {
    const principal = await this.authenticate(request);
    const { policy } = this.config;
    const declared = checkDeclaration(
      {
        contentType: request.headers['content-type'],
        contentEncoding: request.headers['content-encoding'],
        contentLength: declaredLength(request),
        kind,
      },
      policy,
    );
    if (!declared.ok) throw rejected(declared);
    const refusal = this.access.uploadRefusal(principal, declared.declaration.kind);
    if (refusal) throw new FileRequestRejected(403, [{ field: 'kind', reason: refusal }]);
    const body = await readBody(request, policy.maxBytes);
    if ('stoppedAt' in body) throw rejected(checkSize('body', body.stoppedAt, policy, true)!);
    const checked = checkContent(declared.declaration, body.bytes, policy);
    if (!checked.ok) throw rejected(checked);
    const { file } = checked;
    // Bytes before the row: a crash between the two leaves bytes nobody refers to, which the
    // retried upload adopts, never a row whose bytes are missing.
    await this.storage.put(file.fileId, body.bytes, file.contentType);
    const recorded = await this.catalogue.record(file, principal.sub);
    return {
      fileId: recorded.fileId,
      sha256: recorded.fileId,
      size: recorded.size,
      contentType: recorded.contentType,
      kind: recorded.kind,
    };
  }

  @Get(':fileId')
  async download(
    @Req() request: Request,
    @Res() response: Response,
    @Param('fileId') fileId: string,
  ): Promise<void> {
    const principal = await this.authenticate(request);
    if (!isFileId(fileId)) {
      throw new FileRequestRejected(400, [
        { field: 'fileId', reason: 'must be a SHA-256: 64 lowercase hex digits' },
      ]);
    }
    const file = await this.catalogue.find(fileId);
    // A file the caller may not have is answered like a missing one: its existence is not disclosed.
    if (!file || !(await this.access.mayDownload(principal, fileId)))
      throw new FileRequestRejected(404, [
        {
          field: 'fileId',
          reason: `no file ${fileId} was uploaded, or it is attached to nothing you may see`,
        },
      ]);
    const bytes = await this.storage.get(fileId);
    if (!bytes) throw new Error(`file ${fileId} is catalogued but its bytes are missing from storage`);
    // The bytes behind an id never change, so a client may keep them for good; Express answers a
    // matching If-None-Match with 304.
    response
      .set({
        ETag: `"${fileId}"`,
        'Cache-Control': 'private, max-age=31536000, immutable',
        'X-Content-Type-Options': 'nosniff',
      })
      .type(file.contentType)
      .send(bytes);
  }

  private async authenticate(request: Request): Promise<Principal> {
    try {
      const token = bearerToken(request.headers.authorization);
      if (!token) throw new AuthenticationError('missing: send "Authorization: Bearer <token>"');
      return await verifyToken(this.tokens, token);
    } catch (error) {
      if (error instanceof AuthenticationError) {
        throw new FileRequestRejected(401, [{ field: 'Authorization', reason: error.message }]);
      }
      throw error;
    }
  }
}
