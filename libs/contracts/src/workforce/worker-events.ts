import { z } from 'zod';
import { defineEvent } from '../define-event';
import { geoPointSchema } from '../shared-schemas';

/**
 * A worker's life from application to leaving: vetting, training, activation, suspension and the
 * service items they may be dispatched to. Stream: `worker-<workerId>`. Personal data stays out:
 * the applicant's name, phone, birthday and ID documents live in the workforce service's profile
 * store under `profileId`, so they can be erased without rewriting events.
 */
const topic = 'workforce.events';
const workerId = z.string().min(1).max(80);
const code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'must be a code such as HK-101');
const reason = z.string().min(1).max(500);
/** A service item code of the catalogue (orders.events). */
const itemCode = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/, 'must be 3-40 upper-case letters, digits or dashes');

export const certificateTypes = [
  'housekeeping',
  'maternity_care',
  'elderly_care',
  'childcare',
  'electrician',
  'plumber',
  'first_aid',
  'other',
] as const;
export type CertificateType = (typeof certificateTypes)[number];

export const ineligibilityReasons = [
  /** The worker is not (yet) active. */
  'not_active',
  'suspended',
  'left',
  /** No verified certificate of a required type. */
  'certificate_missing',
  /** Verified certificates of a required type exist, but none is valid at the time of the check. */
  'certificate_expired',
  'course_missing',
  /** A required exam's theory or practical part has not been taken yet. */
  'exam_missing',
  /** A required exam's theory or practical part was taken and not passed (a retake is open). */
  'exam_failed',
] as const;
export type IneligibilityReason = (typeof ineligibilityReasons)[number];

export const WorkerApplied = defineEvent({
  type: 'WorkerApplied',
  version: 1,
  topic,
  description:
    'A person applied to work for the company at a station; vetting starts. Their contact details are in the profile store.',
  schema: z.object({
    workerId,
    profileId: z.uuid(),
    branchId: z.string().min(1).max(40),
    stationId: z.string().min(1).max(40),
    jobTypes: z.array(code).min(1).max(20),
    languages: z.array(z.string().regex(/^[a-z]{2,3}$/, 'must be a language code such as zh or yue')).min(1),
    experienceYears: z.number().int().min(0).max(60),
    /** Where the worker starts from; dispatch needs it for travel distances. */
    homeLocation: geoPointSchema,
    /** District codes the worker is willing to serve. */
    serviceAreas: z.array(z.string().min(1).max(40)).min(1).max(50),
  }),
});

export const WorkerMovedStation = defineEvent({
  type: 'WorkerMovedStation',
  version: 1,
  topic,
  description: 'The worker now belongs to another station (possibly of another branch).',
  schema: z.object({
    workerId,
    fromStationId: z.string().min(1).max(40),
    toStationId: z.string().min(1).max(40),
    branchId: z.string().min(1).max(40),
  }),
});

export const CertificateSubmitted = defineEvent({
  type: 'CertificateSubmitted',
  version: 1,
  topic,
  description: 'The worker handed in a qualification certificate; it counts only once verified.',
  schema: z
    .object({
      workerId,
      certificateId: z.uuid(),
      type: z.enum(certificateTypes),
      number: z.string().min(1).max(60),
      issuer: z.string().min(1).max(120),
      validFrom: z.iso.date(),
      /** The last day the certificate is valid (China Standard Time). */
      validTo: z.iso.date(),
    })
    .refine((c) => c.validTo > c.validFrom, { message: 'must be after validFrom', path: ['validTo'] }),
});

export const CertificateVerified = defineEvent({
  type: 'CertificateVerified',
  version: 1,
  topic,
  description: 'Staff checked a submitted certificate with its issuer; it now counts for vetting and items.',
  schema: z.object({ workerId, certificateId: z.uuid() }),
});

export const CertificateRejected = defineEvent({
  type: 'CertificateRejected',
  version: 1,
  topic,
  description: 'A submitted certificate could not be verified; it never counts.',
  schema: z.object({ workerId, certificateId: z.uuid(), reason }),
});

export const ReferenceRecorded = defineEvent({
  type: 'ReferenceRecorded',
  version: 1,
  topic,
  description: 'Staff took up a reference with a former employer of the applicant.',
  schema: z.object({
    workerId,
    referenceId: z.uuid(),
    employer: z.string().min(1).max(120),
    outcome: z.enum(['positive', 'negative']),
    note: z.string().max(1000),
  }),
});

export const BackgroundCheckRecorded = defineEvent({
  type: 'BackgroundCheckRecorded',
  version: 1,
  topic,
  description:
    'The result of a background check, from the screening provider or entered by staff; the latest one counts.',
  schema: z.object({
    workerId,
    /** The provider's report id, or an id staff generated for a manual check. */
    checkId: z.string().min(1).max(80),
    result: z.enum(['clear', 'consider', 'failed']),
    source: z.enum(['provider', 'manual']),
  }),
});

export const CourseAttended = defineEvent({
  type: 'CourseAttended',
  version: 1,
  topic,
  description: 'The worker attended one session of a training course.',
  schema: z.object({ workerId, courseCode: code, sessionId: z.string().min(1).max(80), on: z.iso.date() }),
});

export const CourseCompleted = defineEvent({
  type: 'CourseCompleted',
  version: 1,
  topic,
  description: 'The worker completed a training course.',
  schema: z.object({ workerId, courseCode: code }),
});

export const ExamTaken = defineEvent({
  type: 'ExamTaken',
  version: 1,
  topic,
  description:
    'The worker sat the theory or practical part of an exam; a failed part may be retaken, a passed part is final.',
  schema: z
    .object({
      workerId,
      examCode: code,
      kind: z.enum(['theory', 'practical']),
      score: z.number().min(0),
      passMark: z.number().min(0),
      passed: z.boolean(),
    })
    .refine((e) => e.passed === e.score >= e.passMark, {
      message: 'must be true exactly when score reaches passMark',
      path: ['passed'],
    }),
});

export const WorkerActivated = defineEvent({
  type: 'WorkerActivated',
  version: 1,
  topic,
  description: 'Vetting is complete (background check clear, a verified certificate, a positive reference).',
  schema: z.object({
    workerId,
    /** The first day of employment (China Standard Time); work anniversaries count from it. */
    employedSince: z.iso.date(),
  }),
});

export const WorkerSuspended = defineEvent({
  type: 'WorkerSuspended',
  version: 1,
  topic,
  description: 'An active worker may not be dispatched until reinstated.',
  schema: z.object({ workerId, reason }),
});

export const WorkerReinstated = defineEvent({
  type: 'WorkerReinstated',
  version: 1,
  topic,
  description: 'A suspended worker is active again, and why (e.g. the complaint was found unjustified).',
  schema: z.object({ workerId, reason }),
});

export const WorkerLeft = defineEvent({
  type: 'WorkerLeft',
  version: 1,
  topic,
  description: 'The worker (or applicant) left the company; nothing more happens on this worker.',
  schema: z.object({ workerId, reason }),
});

export const WorkerBecameEligible = defineEvent({
  type: 'WorkerBecameEligible',
  version: 1,
  topic,
  description:
    'The worker now meets every requirement of a service item (certificates, courses, exams) and may be dispatched to it.',
  schema: z.object({ workerId, itemCode }),
});

export const WorkerBecameIneligible = defineEvent({
  type: 'WorkerBecameIneligible',
  version: 1,
  topic,
  description: 'The worker may no longer be dispatched to a service item they were eligible for, and why.',
  schema: z.object({ workerId, itemCode, reasons: z.array(z.enum(ineligibilityReasons)).min(1) }),
});

export const workerEvents = [
  WorkerApplied,
  WorkerMovedStation,
  CertificateSubmitted,
  CertificateVerified,
  CertificateRejected,
  ReferenceRecorded,
  BackgroundCheckRecorded,
  CourseAttended,
  CourseCompleted,
  ExamTaken,
  WorkerActivated,
  WorkerSuspended,
  WorkerReinstated,
  WorkerLeft,
  WorkerBecameEligible,
  WorkerBecameIneligible,
];
