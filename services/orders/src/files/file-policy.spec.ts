import { createHash } from 'node:crypto';
import {
  allowedContentTypes,
  checkContent,
  checkDeclaration,
  checkSize,
  detectContentType,
  type AllowedContentType,
  type Declaration,
} from './file-policy';
import { samples } from './file-samples';

const policy = { maxBytes: 1024 };
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const declaration = (
  contentType: AllowedContentType,
  kind: Declaration['kind'] = 'document',
): Declaration => ({
  contentType,
  kind,
});

describe('file policy', () => {
  describe('accepts each allowed type by its magic numbers', () => {
    it.each(allowedContentTypes)('%s', (contentType) => {
      const bytes = samples[contentType];
      expect(detectContentType(bytes)).toBe(contentType);
      expect(checkContent(declaration(contentType), bytes, policy)).toEqual({
        ok: true,
        file: {
          fileId: sha256(bytes),
          sha256: sha256(bytes),
          size: bytes.length,
          contentType,
          kind: 'document',
        },
      });
    });
  });

  it('names the same bytes the same file, and different bytes different files', () => {
    const once = checkContent(declaration('image/png'), samples['image/png'], policy);
    const again = checkContent(declaration('image/png'), Buffer.from(samples['image/png']), policy);
    const other = checkContent(
      declaration('image/png'),
      Buffer.concat([samples['image/png'], Buffer.from([0])]),
      policy,
    );
    expect(once.ok && again.ok && other.ok).toBe(true);
    if (!once.ok || !again.ok || !other.ok) return;
    expect(again.file.fileId).toBe(once.file.fileId);
    expect(other.file.fileId).not.toBe(once.file.fileId);
  });

  it('refuses a PNG declared as JPEG, naming both types', () => {
    expect(checkContent(declaration('image/jpeg'), samples['image/png'], policy)).toEqual({
      ok: false,
      code: 'unsupported_type',
      problems: [{ field: 'Content-Type', reason: 'declared image/jpeg but the bytes are image/png' }],
    });
  });

  it('refuses bytes of no allowed type, whatever they are declared as', () => {
    const verdict = checkContent(declaration('image/png'), samples.gif, policy);
    expect(verdict).toMatchObject({ ok: false, code: 'unsupported_type', problems: [{ field: 'body' }] });
    expect(verdict.ok || verdict.problems[0]!.reason).toMatch(
      /is not of type image\/png: its first bytes match none of/,
    );
    expect(detectContentType(Buffer.from('RIFF\0\0\0\0WAVE'))).toBeUndefined();
  });

  it('refuses a declared type that is not allowed, and a missing one', () => {
    expect(checkDeclaration({ contentType: 'image/gif', contentLength: 43 }, policy)).toEqual({
      ok: false,
      code: 'unsupported_type',
      problems: [
        {
          field: 'Content-Type',
          reason: 'image/gif is not accepted; send one of image/jpeg, image/png, image/webp, application/pdf',
        },
      ],
    });
    expect(checkDeclaration({ contentLength: 43 }, policy)).toMatchObject({
      ok: false,
      code: 'unsupported_type',
      problems: [{ field: 'Content-Type', reason: expect.stringMatching(/^missing/) }],
    });
  });

  it('reads the media type without its parameters or case', () => {
    expect(checkDeclaration({ contentType: 'Image/PNG; charset=binary' }, policy)).toEqual({
      ok: true,
      declaration: { contentType: 'image/png', kind: 'photo' },
    });
  });

  it('refuses compressed uploads, whose bytes are not the file', () => {
    expect(checkDeclaration({ contentType: 'image/png', contentEncoding: 'gzip' }, policy)).toMatchObject({
      ok: false,
      code: 'unsupported_type',
      problems: [{ field: 'Content-Encoding' }],
    });
  });

  it('refuses an empty body, declared or received', () => {
    const empty = {
      ok: false,
      code: 'empty',
      problems: [{ field: 'body', reason: expect.stringMatching(/^is empty/) }],
    };
    expect(checkDeclaration({ contentType: 'image/png', contentLength: 0 }, policy)).toEqual(empty);
    expect(checkContent(declaration('image/png'), Buffer.alloc(0), policy)).toEqual(empty);
  });

  it('refuses a file over the limit: declared, received, or cut off while reading', () => {
    expect(checkDeclaration({ contentType: 'image/png', contentLength: 1025 }, policy)).toEqual({
      ok: false,
      code: 'too_large',
      problems: [{ field: 'Content-Length', reason: 'is 1025 bytes; the limit is 1024 bytes (1 KiB)' }],
    });
    const big = Buffer.concat([samples['image/png'], Buffer.alloc(1024)]);
    expect(checkContent(declaration('image/png'), big, policy)).toMatchObject({
      ok: false,
      code: 'too_large',
    });
    expect(checkSize('body', 1500, policy, true)).toEqual({
      ok: false,
      code: 'too_large',
      problems: [
        { field: 'body', reason: 'is over the limit of 1024 bytes (1 KiB): reading stopped at 1500 bytes' },
      ],
    });
    expect(checkSize('body', 1024, policy)).toBeUndefined();
  });

  it('takes the kind from the query, or from the type when none is given', () => {
    const kindOf = (contentType: string, kind?: unknown) => {
      const verdict = checkDeclaration({ contentType, kind }, policy);
      return verdict.ok ? verdict.declaration.kind : verdict.problems;
    };
    expect(kindOf('image/png', 'signature')).toBe('signature');
    expect(kindOf('image/webp', 'fault_picture')).toBe('fault_picture');
    expect(kindOf('image/jpeg')).toBe('photo');
    expect(kindOf('application/pdf')).toBe('document');
    expect(kindOf('image/png', 'selfie')).toEqual([
      { field: 'kind', reason: 'must be one of photo, fault_picture, signature, document; got "selfie"' },
    ]);
    expect(kindOf('image/png', ['photo', 'signature'])).toEqual([
      { field: 'kind', reason: expect.stringMatching(/^must be one of .*; got \["photo","signature"\]$/) },
    ]);
  });

  it('refuses a PDF as a photo, fault picture or signature', () => {
    expect(checkDeclaration({ contentType: 'application/pdf', kind: 'signature' }, policy)).toEqual({
      ok: false,
      code: 'unsupported_type',
      problems: [
        {
          field: 'kind',
          reason: 'a signature must be an image (image/jpeg, image/png, image/webp), not application/pdf',
        },
      ],
    });
  });
});
