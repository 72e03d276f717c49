import { createHash } from 'node:crypto';

/**
 * What the platform accepts as a file (job photos, fault pictures, customer signatures,
 * documents) and the id it gets. Pure: the HTTP edge maps each rejection code to a status.
 */
export const allowedContentTypes = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type AllowedContentType = (typeof allowedContentTypes)[number];

export const fileKinds = ['photo', 'fault_picture', 'signature', 'document'] as const;
export type FileKind = (typeof fileKinds)[number];

const imageTypes: readonly AllowedContentType[] = ['image/jpeg', 'image/png', 'image/webp'];
/** Only documents may be PDFs: a photo, fault picture or signature is shown inline as a picture. */
const imageOnlyKinds: readonly FileKind[] = ['photo', 'fault_picture', 'signature'];

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export interface FilePolicy {
  maxBytes: number;
}

export interface Problem {
  field: string;
  reason: string;
}

export type RejectionCode = 'empty' | 'too_large' | 'unsupported_type' | 'invalid_kind';

export interface Rejection {
  ok: false;
  code: RejectionCode;
  problems: Problem[];
}

export interface Declaration {
  contentType: AllowedContentType;
  kind: FileKind;
}

export interface AcceptedFile extends Declaration {
  /** The SHA-256 of the content, so the same bytes uploaded twice are one file. */
  fileId: string;
  sha256: string;
  size: number;
}

const reject = (code: RejectionCode, field: string, reason: string): Rejection => ({
  ok: false,
  code,
  problems: [{ field, reason }],
});

const oneOf = (values: readonly string[]): string => `one of ${values.join(', ')}`;

const inUnits = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(2)} MiB` : `${+(bytes / 1024).toFixed(2)} KiB`;

export const isFileId = (value: string): boolean => /^[0-9a-f]{64}$/.test(value);

/** Refuses a size over the limit; a `partial` size is where reading stopped, not the whole body. */
export function checkSize(
  field: string,
  size: number,
  policy: FilePolicy,
  partial = false,
): Rejection | undefined {
  if (size <= policy.maxBytes) return undefined;
  const limit = `${policy.maxBytes} bytes (${inUnits(policy.maxBytes)})`;
  const reason = partial
    ? `is over the limit of ${limit}: reading stopped at ${size} bytes`
    : `is ${size} bytes; the limit is ${limit}`;
  return reject('too_large', field, reason);
}

/**
 * Checks what the request declares, before a byte of the body is read: a refused upload is
 * refused without receiving it. `contentLength` is undefined for a chunked body.
 */
export function checkDeclaration(
  declared: { contentType?: string; contentEncoding?: string; contentLength?: number; kind?: unknown },
  policy: FilePolicy,
): { ok: true; declaration: Declaration } | Rejection {
  if (declared.contentLength === 0)
    return reject('empty', 'body', "is empty: send the file's bytes as the body");
  const { kind } = declared;
  if (kind !== undefined && !(fileKinds as readonly unknown[]).includes(kind)) {
    return reject('invalid_kind', 'kind', `must be ${oneOf(fileKinds)}; got ${JSON.stringify(kind)}`);
  }
  const mediaType = declared.contentType?.split(';')[0]!.trim().toLowerCase();
  if (!mediaType) {
    return reject(
      'unsupported_type',
      'Content-Type',
      `missing: declare the file's type, ${oneOf(allowedContentTypes)}`,
    );
  }
  const contentType = allowedContentTypes.find((type) => type === mediaType);
  if (!contentType) {
    return reject(
      'unsupported_type',
      'Content-Type',
      `${mediaType} is not accepted; send ${oneOf(allowedContentTypes)}`,
    );
  }
  const encoding = declared.contentEncoding?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    return reject(
      'unsupported_type',
      'Content-Encoding',
      `${encoding} is not accepted: send the file's bytes as they are`,
    );
  }
  const fileKind =
    (kind as FileKind | undefined) ?? (contentType === 'application/pdf' ? 'document' : 'photo');
  if (imageOnlyKinds.includes(fileKind) && !imageTypes.includes(contentType)) {
    return reject(
      'unsupported_type',
      'kind',
      `a ${fileKind} must be an image (${imageTypes.join(', ')}), not ${contentType}`,
    );
  }
  if (declared.contentLength !== undefined) {
    const tooLarge = checkSize('Content-Length', declared.contentLength, policy);
    if (tooLarge) return tooLarge;
  }
  return { ok: true, declaration: { contentType, kind: fileKind } };
}

/** The type the bytes themselves say they are, by their magic numbers. */
export function detectContentType(bytes: Buffer): AllowedContentType | undefined {
  const startsWith = (magic: string | number[], offset = 0) => {
    const expected = typeof magic === 'string' ? Buffer.from(magic, 'latin1') : Buffer.from(magic);
    return (
      bytes.length >= offset + expected.length &&
      bytes.subarray(offset, offset + expected.length).equals(expected)
    );
  };
  if (startsWith([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith('RIFF') && startsWith('WEBP', 8)) return 'image/webp';
  if (startsWith('%PDF-')) return 'application/pdf';
  return undefined;
}

/** Checks the received bytes against their declaration and names the file by its content. */
export function checkContent(
  declaration: Declaration,
  bytes: Buffer,
  policy: FilePolicy,
): { ok: true; file: AcceptedFile } | Rejection {
  if (bytes.length === 0) return reject('empty', 'body', "is empty: send the file's bytes as the body");
  const tooLarge = checkSize('body', bytes.length, policy);
  if (tooLarge) return tooLarge;
  const detected = detectContentType(bytes);
  if (!detected) {
    return reject(
      'unsupported_type',
      'body',
      `is not of type ${declaration.contentType}: its first bytes match none of ${allowedContentTypes.join(', ')}`,
    );
  }
  if (detected !== declaration.contentType) {
    return reject(
      'unsupported_type',
      'Content-Type',
      `declared ${declaration.contentType} but the bytes are ${detected}`,
    );
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { ok: true, file: { fileId: sha256, sha256, size: bytes.length, ...declaration } };
}
