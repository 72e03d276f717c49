import { EventCatalog, allEvents } from '@platform/contracts';
import { DomainError, fold } from '@platform/eventing/decider';
import { deciderSpec } from '@platform/eventing/testing';
import type { ItemRequirements } from '../worker/eligibility';
import {
  TRAINING_CATALOGUE_STREAM,
  trainingCatalogueDecider,
  type Course,
  type Exam,
  type TrainingCommand,
  type TrainingEvent,
} from './training-catalogue.decider';

const spec = deciderSpec(trainingCatalogueDecider);
const catalog = new EventCatalog(allEvents);

const elderlyCareBasics: Course = {
  courseCode: 'EC-101',
  name: { zh: '养老护理基础', en: 'Elderly care basics' },
  hours: 24,
};
const deepCleaning: Course = {
  courseCode: 'HK-101',
  name: { zh: '深度保洁', en: 'Deep cleaning' },
  hours: 8,
};
const elderlyCareExam: Exam = {
  examCode: 'EC-EXAM',
  name: { zh: '养老护理考核', en: 'Elderly care exam' },
  theoryPassMark: 60,
  practicalPassMark: 70,
};

const courseDefined = (course: Course): TrainingEvent => ({ type: 'CourseDefined', data: course });
const examDefined = (exam: Exam): TrainingEvent => ({ type: 'ExamDefined', data: exam });
const requirementsSet = (requirements: ItemRequirements): TrainingEvent => ({
  type: 'ItemRequirementsSet',
  data: requirements,
});
const setRequirements = (requirements: ItemRequirements): TrainingCommand => ({
  type: 'SetItemRequirements',
  ...requirements,
});

const catalogue = [
  courseDefined(elderlyCareBasics),
  courseDefined(deepCleaning),
  examDefined(elderlyCareExam),
];
const elderCareDay: ItemRequirements = {
  itemCode: 'ELDER-CARE-DAY',
  certificates: ['elderly_care', 'housekeeping'],
  courses: ['EC-101', 'HK-101'],
  exams: ['EC-EXAM'],
};

/** The DomainError the command is refused with. */
const refusal = (history: TrainingEvent[], command: TrainingCommand): DomainError => {
  try {
    trainingCatalogueDecider.decide(command, fold(trainingCatalogueDecider, history));
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`expected ${command.type} to be refused`);
};

describe('training catalogue decider', () => {
  describe('courses and exams', () => {
    it('defines a course', () =>
      spec
        .given([])
        .when({ type: 'DefineCourse', ...elderlyCareBasics })
        .then([courseDefined(elderlyCareBasics)]));

    it('treats redefining a course with identical details as done', () =>
      spec
        .given(catalogue)
        .when({ type: 'DefineCourse', ...elderlyCareBasics })
        .then([]));

    it('records a renamed course or changed hours', () => {
      const renamed = { ...elderlyCareBasics, name: { zh: '养老护理入门', en: 'Elderly care: first steps' } };
      spec
        .given(catalogue)
        .when({ type: 'DefineCourse', ...renamed })
        .then([courseDefined(renamed)]);
      spec
        .given(catalogue)
        .when({ type: 'DefineCourse', ...elderlyCareBasics, hours: 32 })
        .then([courseDefined({ ...elderlyCareBasics, hours: 32 })]);
    });

    it('defines an exam with the pass mark of each part', () =>
      spec
        .given([])
        .when({ type: 'DefineExam', ...elderlyCareExam })
        .then([examDefined(elderlyCareExam)]));

    it('treats redefining an exam with identical details as done', () =>
      spec
        .given(catalogue)
        .when({ type: 'DefineExam', ...elderlyCareExam })
        .then([]));

    it('records a changed pass mark', () =>
      spec
        .given(catalogue)
        .when({ type: 'DefineExam', ...elderlyCareExam, practicalPassMark: 75 })
        .then([examDefined({ ...elderlyCareExam, practicalPassMark: 75 })]));
  });

  describe('item requirements', () => {
    it('sets what a worker needs for a service item', () =>
      spec
        .given(catalogue)
        .when(setRequirements(elderCareDay))
        .then([requirementsSet(elderCareDay)]));

    it('refuses courses that are not in the catalogue, naming each of them and the courses field', () => {
      const command = setRequirements({ ...elderCareDay, courses: ['EC-101', 'EC-201', 'FIRST-AID'] });
      spec.given(catalogue).when(command).thenFails('COURSE_NOT_FOUND', 'no such course: EC-201, FIRST-AID');
      expect(refusal(catalogue, command).details).toEqual({ field: 'courses' });
    });

    it('refuses exams that are not in the catalogue, naming each of them and the exams field', () => {
      const command = setRequirements({ ...elderCareDay, exams: ['EC-EXAM', 'HK-EXAM'] });
      spec.given(catalogue).when(command).thenFails('EXAM_NOT_FOUND', 'no such exam: HK-EXAM');
      expect(refusal(catalogue, command).details).toEqual({ field: 'exams' });
    });

    it('refuses requirements on a course or exam before it is defined', () => {
      spec
        .given([])
        .when(setRequirements(elderCareDay))
        .thenFails('COURSE_NOT_FOUND', 'no such course: EC-101, HK-101');
      spec
        .given([courseDefined(elderlyCareBasics), courseDefined(deepCleaning)])
        .when(setRequirements(elderCareDay))
        .thenFails('EXAM_NOT_FOUND', 'no such exam: EC-EXAM');
    });

    it('stores requirements without repeats and in a stable order', () =>
      spec
        .given(catalogue)
        .when(
          setRequirements({
            itemCode: 'ELDER-CARE-DAY',
            certificates: ['housekeeping', 'elderly_care', 'housekeeping'],
            courses: ['HK-101', 'EC-101', 'HK-101'],
            exams: ['EC-EXAM', 'EC-EXAM'],
          }),
        )
        .then([requirementsSet(elderCareDay)]));

    it('treats the same requirements again, in another order or with repeats, as done', () => {
      const history = [...catalogue, requirementsSet(elderCareDay)];
      spec.given(history).when(setRequirements(elderCareDay)).then([]);
      spec
        .given(history)
        .when(
          setRequirements({
            itemCode: 'ELDER-CARE-DAY',
            certificates: ['housekeeping', 'elderly_care'],
            courses: ['HK-101', 'EC-101', 'EC-101'],
            exams: ['EC-EXAM', 'EC-EXAM'],
          }),
        )
        .then([]);
    });

    it('replaces the requirements when they change, and keeps each item apart', () => {
      const history = [...catalogue, requirementsSet(elderCareDay)];
      const fewer = { ...elderCareDay, certificates: ['elderly_care' as const], courses: ['EC-101'] };
      spec
        .given(history)
        .when(setRequirements(fewer))
        .then([requirementsSet(fewer)]);
      const homeClean: ItemRequirements = {
        itemCode: 'HOME-CLEAN-3H',
        certificates: ['housekeeping'],
        courses: ['HK-101'],
        exams: [],
      };
      spec
        .given(history)
        .when(setRequirements(homeClean))
        .then([requirementsSet(homeClean)]);
    });
  });

  it('emits CourseDefined, ExamDefined and ItemRequirementsSet that pass the event catalogue write check', () => {
    const commands: TrainingCommand[] = [
      { type: 'DefineCourse', ...elderlyCareBasics },
      { type: 'DefineCourse', ...deepCleaning },
      { type: 'DefineExam', ...elderlyCareExam },
      setRequirements({ ...elderCareDay, courses: ['HK-101', 'EC-101'] }),
    ];
    const history = commands.reduce<TrainingEvent[]>(
      (events, command) => [
        ...events,
        ...trainingCatalogueDecider.decide(command, fold(trainingCatalogueDecider, events)),
      ],
      [],
    );
    expect(history.map((event) => event.type)).toEqual([
      'CourseDefined',
      'CourseDefined',
      'ExamDefined',
      'ItemRequirementsSet',
    ]);
    history.forEach((event, i) => {
      const written = {
        eventId: `5a7c9e1b-3d5f-4a6c-8e0b-${String(i).padStart(12, '0')}`,
        type: event.type,
        schemaVersion: catalog.latest(event.type)!.version,
        streamId: TRAINING_CATALOGUE_STREAM,
        streamPosition: i,
        occurredAt: '2026-03-02T02:00:00.000Z',
        recordedAt: '2026-03-02T02:00:00.000Z',
        correlationId: 'admin-console-req-12',
        causationId: null,
        actor: { kind: 'user' as const, id: 'staff-0001', role: 'admin' },
        data: event.data,
      };
      expect(catalog.validateForWrite(written)).toEqual(written);
    });
  });
});
