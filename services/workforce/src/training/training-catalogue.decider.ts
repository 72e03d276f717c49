import type { CourseDefined, EventData, ExamDefined, ItemRequirementsSet } from '@platform/contracts';
import { DomainError, type Decider } from '@platform/eventing/decider';
import type { ItemRequirements } from '../worker/eligibility';

export type TrainingEvent =
  | { type: 'CourseDefined'; data: EventData<typeof CourseDefined> }
  | { type: 'ExamDefined'; data: EventData<typeof ExamDefined> }
  | { type: 'ItemRequirementsSet'; data: EventData<typeof ItemRequirementsSet> };

export type Course = EventData<typeof CourseDefined>;
export type Exam = EventData<typeof ExamDefined>;

export type TrainingCatalogue = {
  courses: Record<string, Course>;
  exams: Record<string, Exam>;
  requirements: Record<string, ItemRequirements>;
};

export type TrainingCommand =
  | ({ type: 'DefineCourse' } & Course)
  | ({ type: 'DefineExam' } & Exam)
  | ({ type: 'SetItemRequirements' } & ItemRequirements);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function decide(command: TrainingCommand, state: TrainingCatalogue): TrainingEvent[] {
  switch (command.type) {
    case 'DefineCourse': {
      const { type: _type, ...course } = command;
      return same(state.courses[course.courseCode], course) ? [] : [{ type: 'CourseDefined', data: course }];
    }
    case 'DefineExam': {
      const { type: _type, ...exam } = command;
      return same(state.exams[exam.examCode], exam) ? [] : [{ type: 'ExamDefined', data: exam }];
    }
    case 'SetItemRequirements': {
      const { type: _type, ...requirements } = command;
      const unknownCourses = requirements.courses.filter((code) => !state.courses[code]);
      const unknownExams = requirements.exams.filter((code) => !state.exams[code]);
      if (unknownCourses.length > 0)
        throw new DomainError('COURSE_NOT_FOUND', `no such course: ${unknownCourses.join(', ')}`, {
          field: 'courses',
        });
      if (unknownExams.length > 0)
        throw new DomainError('EXAM_NOT_FOUND', `no such exam: ${unknownExams.join(', ')}`, {
          field: 'exams',
        });
      const normalised = {
        itemCode: requirements.itemCode,
        certificates: [...new Set(requirements.certificates)].sort(),
        courses: [...new Set(requirements.courses)].sort(),
        exams: [...new Set(requirements.exams)].sort(),
      };
      return same(state.requirements[normalised.itemCode], normalised)
        ? []
        : [{ type: 'ItemRequirementsSet', data: normalised }];
    }
  }
}

function evolve(state: TrainingCatalogue, event: TrainingEvent): TrainingCatalogue {
  switch (event.type) {
    case 'CourseDefined':
      return { ...state, courses: { ...state.courses, [event.data.courseCode]: event.data } };
    case 'ExamDefined':
      return { ...state, exams: { ...state.exams, [event.data.examCode]: event.data } };
    case 'ItemRequirementsSet':
      return { ...state, requirements: { ...state.requirements, [event.data.itemCode]: event.data } };
  }
}

/** One small catalogue, changed by admins; every eligibility decision reads it. */
export const trainingCatalogueDecider: Decider<TrainingCommand, TrainingCatalogue, TrainingEvent> = {
  initialState: { courses: {}, exams: {}, requirements: {} },
  decide,
  evolve,
};

export const TRAINING_CATALOGUE_STREAM = 'training-catalogue';
