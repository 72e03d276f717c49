import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { forbidden, requireRole, type Caller } from '@platform/service-kit';
import { IMPORT_ROLES, mayRead, StaffImports } from './staff-import';
import type { StaffImportProgress } from './staff-import-progress';

/** `staffImport(importId)`: the same progress as `GET /imports/staff/:importId`. */
@Resolver()
export class StaffImportResolver {
  constructor(@Inject(StaffImports) private readonly imports: StaffImports) {}

  @Query('staffImport')
  async staffImport(
    @Context() ctx: { caller: Caller },
    @Args('importId') importId: string,
  ): Promise<StaffImportProgress | null> {
    requireRole(ctx.caller, IMPORT_ROLES, 'read staff imports');
    const progress = await this.imports.find(importId);
    if (!progress) return null;
    if (!mayRead(ctx.caller.principal, progress))
      throw forbidden('a station leader sees the imports of their own station only');
    return progress;
  }
}
