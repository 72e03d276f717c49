import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { BusinessUnit, Feature } from '@platform/contracts';
import { DomainError, PG_POOL } from '@platform/eventing';
import { CommandRunner, commandMeta, FeatureSettings, forbidden, requireRole } from '@platform/service-kit';
import type { Pool } from 'pg';
import {
  branchDecider,
  branchStream,
  stationDecider,
  stationStream,
  type Station,
} from '../organisation/organisation.decider';
import { WorkforceTables } from '../read-models/workforce-tables';
import { RegularWorkers } from '../regular-workers/regular-workers';
import { regularWorkerDecider, regularWorkerStream } from '../regular-workers/regular-worker.decider';
import {
  TRAINING_CATALOGUE_STREAM,
  trainingCatalogueDecider,
  type TrainingCatalogue,
  type TrainingCommand,
} from '../training/training-catalogue.decider';
import type { ItemRequirements } from '../worker/eligibility';
import type { WorkforceContext } from './worker.resolver';

const staff = (ctx: WorkforceContext, what: string) => {
  if (['customer', 'host'].includes(ctx.caller.principal.role))
    throw forbidden(`${ctx.caller.principal.role} may not ${what}`);
};
const stationView = (station: Station) => ({ ...station, id: station.stationId });
const catalogueView = (catalogue: TrainingCatalogue) => ({
  courses: Object.values(catalogue.courses).map((c) => ({ ...c, code: c.courseCode })),
  exams: Object.values(catalogue.exams).map((e) => ({ ...e, code: e.examCode })),
  items: Object.values(catalogue.requirements),
});

/** Branches, stations, feature switches, the training catalogue and regular workers. */
@Resolver()
export class OrganisationResolver {
  constructor(
    @Inject(CommandRunner) private readonly commands: CommandRunner,
    @Inject(WorkforceTables) private readonly tables: WorkforceTables,
    @Inject(FeatureSettings) private readonly features: FeatureSettings,
    @Inject(RegularWorkers) private readonly regulars: RegularWorkers,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @Query('branches')
  async branches(@Context() ctx: WorkforceContext) {
    staff(ctx, 'see branches');
    await this.tables.ensure();
    const { rows } = await this.pool.query(`SELECT * FROM ${this.tables.branches} ORDER BY branch_id`);
    return rows.map((row) => ({
      id: row.branch_id,
      name: { zh: row.name_zh, en: row.name_en },
      city: row.city,
      businessUnits: row.business_units,
      switches: row.switches as Record<string, boolean>,
    }));
  }

  @Query('station')
  async station(@Context() ctx: WorkforceContext, @Args('id') id: string) {
    staff(ctx, 'see stations');
    const state = await this.commands.load(stationDecider, stationStream(id));
    return state.status === 'open' ? stationView(state.station) : null;
  }

  @Query('featureSetting')
  async featureSetting(
    @Context() ctx: WorkforceContext,
    @Args('branchId') branchId: string,
    @Args('businessUnit') businessUnit: BusinessUnit,
    @Args('feature') feature: Feature,
  ) {
    staff(ctx, 'see feature settings');
    await this.features.ready();
    return { branchId, businessUnit, feature, ...this.features.setting(branchId, businessUnit, feature) };
  }

  @Query('featureAudit')
  async featureAudit(@Context() ctx: WorkforceContext, @Args('branchId') branchId: string) {
    requireRole(ctx.caller, ['admin'], 'read the feature audit');
    await this.tables.ensure();
    const { rows } = await this.pool.query(
      `SELECT * FROM ${this.tables.featureAudit} WHERE branch_id = $1 ORDER BY occurred_at DESC, event_id`,
      [branchId],
    );
    return rows.map((row) => ({
      businessUnit: row.business_unit,
      feature: row.feature,
      enabled: row.enabled,
      reason: row.reason,
      actorId: row.actor_id,
      actorRole: row.actor_role,
      at: row.occurred_at,
    }));
  }

  @Query('trainingCatalogue')
  async trainingCatalogue(@Context() ctx: WorkforceContext) {
    staff(ctx, 'see the training catalogue');
    return catalogueView(await this.commands.load(trainingCatalogueDecider, TRAINING_CATALOGUE_STREAM));
  }

  @Query('regularWorkers')
  async regularWorkers(@Context() ctx: WorkforceContext, @Args('customerId') customerId: string) {
    this.requireCustomerDesk(ctx, customerId, 'see regular workers');
    await this.tables.ensure();
    const { rows } = await this.pool.query(
      `SELECT * FROM ${this.tables.regulars} WHERE customer_id = $1 ORDER BY item_code`,
      [customerId],
    );
    return rows.map((row) => ({
      customerId: row.customer_id,
      itemCode: row.item_code,
      workerId: row.worker_id,
      stationId: row.station_id,
    }));
  }

  @Mutation('openBranch')
  async openBranch(
    @Context() ctx: WorkforceContext,
    @Args('input')
    input: { id: string; name: { zh: string; en: string }; city: string; businessUnits: BusinessUnit[] },
  ) {
    requireRole(ctx.caller, ['admin'], 'open branches');
    const { id: branchId, ...rest } = input;
    await this.commands.run(
      branchDecider,
      branchStream(branchId),
      { type: 'OpenBranch', branchId, ...rest },
      commandMeta(ctx.caller, `openBranch:${branchId}`),
    );
    return { id: branchId, ...rest, switches: {} };
  }

  @Mutation('openStation')
  async openStation(
    @Context() ctx: WorkforceContext,
    @Args('input')
    input: {
      id: string;
      branchId: string;
      name: { zh: string; en: string };
      leaderId: string;
      districts: string[];
    },
  ) {
    requireRole(ctx.caller, ['admin'], 'open stations');
    const { id: stationId, ...rest } = input;
    const branch = await this.commands.load(branchDecider, branchStream(input.branchId));
    await this.commands.run(
      stationDecider,
      stationStream(stationId),
      { type: 'OpenStation', stationId, ...rest, branch },
      commandMeta(ctx.caller, `openStation:${stationId}`),
    );
    return { id: stationId, stationId, ...rest };
  }

  @Mutation('appointStationLeader')
  async appointStationLeader(
    @Context() ctx: WorkforceContext,
    @Args('stationId') stationId: string,
    @Args('leaderId') leaderId: string,
  ) {
    requireRole(ctx.caller, ['admin'], 'appoint station leaders');
    await this.commands.run(
      stationDecider,
      stationStream(stationId),
      { type: 'AppointLeader', leaderId },
      commandMeta(ctx.caller, `appointLeader:${stationId}`),
    );
    const state = await this.commands.load(stationDecider, stationStream(stationId));
    if (state.status === 'none') throw new DomainError('STATION_NOT_FOUND', `station ${stationId} not found`);
    return stationView(state.station);
  }

  @Mutation('switchFeature')
  async switchFeature(
    @Context() ctx: WorkforceContext,
    @Args('input')
    input: {
      branchId: string;
      businessUnit: BusinessUnit | 'all';
      feature: Feature;
      enabled: boolean;
      reason: string;
    },
  ) {
    requireRole(ctx.caller, ['admin'], 'switch features');
    await this.commands.run(
      branchDecider,
      branchStream(input.branchId),
      { type: 'SwitchFeature', ...input },
      commandMeta(ctx.caller, `switchFeature:${input.branchId}`),
    );
    return { ...input, source: input.businessUnit === 'all' ? 'branch' : 'business_unit' };
  }

  private async changeCatalogue(ctx: WorkforceContext, command: TrainingCommand) {
    requireRole(ctx.caller, ['admin'], 'change the training catalogue');
    await this.commands.run(
      trainingCatalogueDecider,
      TRAINING_CATALOGUE_STREAM,
      command,
      commandMeta(ctx.caller, command.type),
    );
    return catalogueView(await this.commands.load(trainingCatalogueDecider, TRAINING_CATALOGUE_STREAM));
  }

  @Mutation('defineCourse')
  defineCourse(
    @Context() ctx: WorkforceContext,
    @Args('input') input: { code: string; name: { zh: string; en: string }; hours: number },
  ) {
    const { code, ...rest } = input;
    return this.changeCatalogue(ctx, { type: 'DefineCourse', courseCode: code, ...rest });
  }

  @Mutation('defineExam')
  defineExam(
    @Context() ctx: WorkforceContext,
    @Args('input')
    input: {
      code: string;
      name: { zh: string; en: string };
      theoryPassMark: number;
      practicalPassMark: number;
    },
  ) {
    const { code, ...rest } = input;
    return this.changeCatalogue(ctx, { type: 'DefineExam', examCode: code, ...rest });
  }

  @Mutation('setItemRequirements')
  setItemRequirements(@Context() ctx: WorkforceContext, @Args('input') input: ItemRequirements) {
    return this.changeCatalogue(ctx, { type: 'SetItemRequirements', ...input });
  }

  @Mutation('nameRegularWorker')
  async nameRegularWorker(
    @Context() ctx: WorkforceContext,
    @Args('customerId') customerId: string,
    @Args('itemCode') itemCode: string,
    @Args('workerId') workerId: string,
  ) {
    this.requireCustomerDesk(ctx, customerId, 'name regular workers');
    const { principal } = ctx.caller;
    const place = await this.regulars.placeOf(workerId);
    // CS names workers of its own branch; admins any.
    if (principal.role === 'cs_agent' && place && place.branchId !== principal.branch)
      throw new DomainError('WORKER_NOT_FOUND', `worker ${workerId} not found`, { field: 'workerId' });
    try {
      await this.regulars.name(
        customerId,
        itemCode,
        workerId,
        commandMeta(ctx.caller, `nameRegular:${customerId}:${itemCode}`),
      );
    } catch (error) {
      // A customer learns only that this worker cannot be named, not whether they exist, left or are suspended.
      const hidden = ['WORKER_NOT_FOUND', 'WORKER_NOT_ACTIVE', 'WORKER_NOT_ELIGIBLE'];
      if (principal.role === 'customer' && error instanceof DomainError && hidden.includes(error.code))
        throw new DomainError(
          'WORKER_NOT_AVAILABLE',
          `worker ${workerId} cannot be your regular worker for ${itemCode}`,
          {
            field: 'workerId',
          },
        );
      throw error;
    }
    const state = await this.commands.load(regularWorkerDecider, regularWorkerStream(customerId, itemCode));
    const stationId = place?.stationId ?? '';
    return { customerId, itemCode, workerId: state.workerId, stationId };
  }

  @Mutation('clearRegularWorker')
  async clearRegularWorker(
    @Context() ctx: WorkforceContext,
    @Args('customerId') customerId: string,
    @Args('itemCode') itemCode: string,
  ) {
    this.requireCustomerDesk(ctx, customerId, 'clear regular workers');
    const outcome = await this.regulars.clear(
      customerId,
      itemCode,
      commandMeta(ctx.caller, `clearRegular:${customerId}:${itemCode}`),
    );
    return outcome.status === 'appended';
  }

  /** A customer for themselves; customer service and admins for any customer. */
  private requireCustomerDesk(ctx: WorkforceContext, customerId: string, what: string) {
    const { principal } = ctx.caller;
    if (principal.role === 'customer' && principal.sub === customerId) return;
    if (principal.role === 'customer') throw forbidden(`a customer may ${what} only for themselves`);
    requireRole(ctx.caller, ['admin', 'cs_agent', 'customer'], what);
  }
}

@Resolver('Branch')
export class BranchFieldsResolver {
  constructor(
    @Inject(WorkforceTables) private readonly tables: WorkforceTables,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @ResolveField('stations')
  async stations(@Parent() branch: { id: string }) {
    const { rows } = await this.pool.query(
      `SELECT * FROM ${this.tables.stations} WHERE branch_id = $1 ORDER BY station_id`,
      [branch.id],
    );
    return rows.map((row) => ({
      id: row.station_id,
      branchId: row.branch_id,
      name: { zh: row.name_zh, en: row.name_en },
      leaderId: row.leader_id,
      districts: row.districts,
    }));
  }

  @ResolveField('features')
  features(@Parent() branch: { id: string; switches: Record<string, boolean> }) {
    return Object.entries(branch.switches ?? {}).map(([key, enabled]) => {
      const [businessUnit, feature] = key.split('/');
      return {
        branchId: branch.id,
        businessUnit,
        feature,
        enabled,
        source: businessUnit === 'all' ? 'branch' : 'business_unit',
      };
    });
  }
}
