import type { CommandRunner } from '@platform/service-kit';
import { commandMeta, requireRole } from '@platform/service-kit';
import type { WorkforceContext } from '../platform/access';
import {
  TRAINING_CATALOGUE_STREAM,
  trainingCatalogueDecider,
  type TrainingCatalogue,
  type TrainingCommand,
} from './training-catalogue.decider';

/** The GraphQL TrainingCatalogue, from the catalogue's stream. */
export const catalogueView = (catalogue: TrainingCatalogue) => ({
  courses: Object.values(catalogue.courses).map((c) => ({ ...c, code: c.courseCode })),
  exams: Object.values(catalogue.exams).map((e) => ({ ...e, code: e.examCode })),
  items: Object.values(catalogue.requirements),
});

export const loadCatalogueView = async (commands: CommandRunner) =>
  catalogueView(await commands.load(trainingCatalogueDecider, TRAINING_CATALOGUE_STREAM));

/** Every change of the catalogue is an admin's, and answers the whole catalogue after it. */
export async function changeCatalogue(
  commands: CommandRunner,
  ctx: WorkforceContext,
  command: TrainingCommand,
) {
  requireRole(ctx.caller, ['admin'], 'change the training catalogue');
  await commands.run(
    trainingCatalogueDecider,
    TRAINING_CATALOGUE_STREAM,
    command,
    commandMeta(ctx.caller, command.type),
  );
  return loadCatalogueView(commands);
}
