import { Inject, Injectable } from '@nestjs/common';
import type { CommandMetadata, CommandOutcome } from '@platform/eventing';
import { DomainError } from '@platform/eventing';
import { CommandRunner } from '@platform/service-kit';
import { randomUUID } from 'node:crypto';
import { stationDecider, stationStream } from '../organisation/organisation.decider';
import {
  TRAINING_CATALOGUE_STREAM,
  trainingCatalogueDecider,
  type TrainingCatalogue,
} from '../training/training-catalogue.decider';
import { ProfileStore, type Profile } from './profile-store';
import { workerDecider, workerStream, type WorkerCommand, type WorkerState } from './worker.decider';

type Evaluated = Extract<WorkerCommand, { requirements: unknown }>;
/** A worker command as a caller gives it: the handler adds the time and the items' requirements. */
export type WorkerRequest =
  | Exclude<WorkerCommand, Evaluated | { type: 'ApplyAsWorker' }>
  | DistributiveOmit<Exclude<Evaluated, { type: 'TakeExam' }>, 'at' | 'requirements'>
  /** The pass mark is the exam's, from the catalogue. */
  | Omit<Extract<Evaluated, { type: 'TakeExam' }>, 'at' | 'requirements' | 'passMark'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What an applicant gives: personal data (to the profile store) and the application (to the event). */
export type Application = Omit<Profile, 'profileId' | 'workerId'> & {
  workerId?: string;
  stationId: string;
  jobTypes: string[];
  languages: string[];
  experienceYears: number;
  homeLocation: { lat: number; lng: number };
  serviceAreas: string[];
};

/**
 * The worker pipeline's use cases: every command on a worker goes through here, so that each is
 * decided with the time it was accepted and the training catalogue as it is then.
 */
@Injectable()
export class WorkerCommands {
  constructor(
    @Inject(CommandRunner) private readonly commands: CommandRunner,
    @Inject(ProfileStore) private readonly profiles: ProfileStore,
  ) {}

  catalogue(): Promise<TrainingCatalogue> {
    return this.commands.load(trainingCatalogueDecider, TRAINING_CATALOGUE_STREAM);
  }

  load(workerId: string): Promise<WorkerState> {
    return this.commands.load(workerDecider, workerStream(workerId));
  }

  async apply(
    application: Application,
    meta: CommandMetadata,
  ): Promise<{ workerId: string; outcome: CommandOutcome }> {
    const station = await this.commands.load(stationDecider, stationStream(application.stationId));
    if (station.status === 'none') {
      throw new DomainError('STATION_NOT_FOUND', `station ${application.stationId} not found`, {
        field: 'stationId',
      });
    }
    const workerId = application.workerId ?? `w-${randomUUID().slice(0, 13)}`;
    const { name, phone, birthday, ...rest } = application;
    const profile = await this.profiles.save({ profileId: randomUUID(), workerId, name, phone, birthday });
    const outcome = await this.commands.run(
      workerDecider,
      workerStream(workerId),
      {
        type: 'ApplyAsWorker',
        ...rest,
        workerId,
        profileId: profile.profileId,
        branchId: station.station.branchId,
      },
      meta,
    );
    return { workerId, outcome };
  }

  async run(workerId: string, request: WorkerRequest, meta: CommandMetadata): Promise<CommandOutcome> {
    const command = await this.complete(request, meta.at);
    return this.commands.run(workerDecider, workerStream(workerId), command, meta);
  }

  private async complete(request: WorkerRequest, at: Date): Promise<WorkerCommand> {
    switch (request.type) {
      case 'TakeExam': {
        const catalogue = await this.catalogue();
        const exam = catalogue.exams[request.examCode];
        if (!exam)
          throw new DomainError('EXAM_NOT_FOUND', `no such exam: ${request.examCode}`, { field: 'examCode' });
        const passMark = request.kind === 'theory' ? exam.theoryPassMark : exam.practicalPassMark;
        return { ...request, passMark, at, requirements: Object.values(catalogue.requirements) };
      }
      case 'CompleteCourse':
      case 'AttendCourse': {
        const catalogue = await this.catalogue();
        if (!catalogue.courses[request.courseCode])
          throw new DomainError('COURSE_NOT_FOUND', `no such course: ${request.courseCode}`, {
            field: 'courseCode',
          });
        return request.type === 'AttendCourse'
          ? request
          : { ...request, at, requirements: Object.values(catalogue.requirements) };
      }
      case 'VerifyCertificate':
      case 'ActivateWorker':
      case 'SuspendWorker':
      case 'ReinstateWorker':
      case 'RecordLeaving':
      case 'ReevaluateEligibility': {
        const requirements = Object.values((await this.catalogue()).requirements);
        return { ...request, at, requirements } as WorkerCommand;
      }
      case 'MoveStation': {
        const station = await this.commands.load(stationDecider, stationStream(request.stationId));
        if (station.status === 'none')
          throw new DomainError('STATION_NOT_FOUND', `station ${request.stationId} not found`, {
            field: 'stationId',
          });
        return { ...request, branchId: station.station.branchId };
      }
      default:
        return request;
    }
  }
}
