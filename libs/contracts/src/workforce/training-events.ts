import { z } from 'zod';
import { defineEvent } from '../define-event';
import { certificateTypes } from './worker-events';

/**
 * The training catalogue: courses, exams with their pass marks, and what each service item
 * requires of a worker. Stream: `training-catalogue` (one, small, changed by admins).
 */
const topic = 'workforce.events';
const code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'must be a code such as HK-101');
const itemCode = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/, 'must be 3-40 upper-case letters, digits or dashes');
const name = z.object({ zh: z.string().min(1).max(80), en: z.string().min(1).max(80) });

export const CourseDefined = defineEvent({
  type: 'CourseDefined',
  version: 1,
  topic,
  description: 'A training course exists (or was renamed).',
  schema: z.object({ courseCode: code, name, hours: z.number().positive().max(500) }),
});

export const ExamDefined = defineEvent({
  type: 'ExamDefined',
  version: 1,
  topic,
  description: 'An exam with a theory and a practical part, and the pass mark of each (out of 100).',
  schema: z.object({
    examCode: code,
    name,
    theoryPassMark: z.number().min(0).max(100),
    practicalPassMark: z.number().min(0).max(100),
  }),
});

export const ItemRequirementsSet = defineEvent({
  type: 'ItemRequirementsSet',
  version: 1,
  topic,
  description:
    'What a worker needs to be eligible for a service item: verified valid certificates, completed courses, passed exams.',
  schema: z.object({
    itemCode,
    certificates: z.array(z.enum(certificateTypes)).max(10),
    courses: z.array(code).max(20),
    exams: z.array(code).max(20),
  }),
});

export const trainingEvents = [CourseDefined, ExamDefined, ItemRequirementsSet];
