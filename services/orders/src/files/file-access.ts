import type { Principal } from '@platform/auth';
import type { FileCatalogue } from './file-catalogue';
import type { FileKind } from './file-policy';

/**
 * Who may upload which kind of file and who may download a file: the rules of what files are
 * attached to, which the service that attaches them supplies (`FilesModule.forRoot({ access })`).
 */
export interface FileAccess {
  /** Why this caller may not upload a file of this kind, or undefined when they may. */
  uploadRefusal(principal: Principal, kind: FileKind): string | undefined;
  /** Whether this caller may download the file; a refused file is answered like a missing one. */
  mayDownload(principal: Principal, fileId: string): Promise<boolean>;
}

/** Without a service's rules: anyone signed in uploads, and a file is served to those who uploaded it. */
export const uploadersOnly = (catalogue: FileCatalogue): FileAccess => ({
  uploadRefusal: () => undefined,
  mayDownload: async (principal, fileId) =>
    (await catalogue.notUploadedBy(principal.sub, [fileId])).length === 0,
});
