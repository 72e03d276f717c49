import type { z } from 'zod';

export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `data.address.city`. */
  field: string;
  reason: string;
}

/** Raised at a boundary when input does not match its contract; lists every bad field. */
export class ContractViolation extends Error {
  readonly code = 'CONTRACT_VIOLATION';

  constructor(
    readonly subject: string,
    readonly problems: FieldProblem[],
  ) {
    super(`${subject}: ${problems.map((p) => `${p.field || '(root)'}: ${p.reason}`).join('; ')}`);
    this.name = 'ContractViolation';
  }

  static fromZod(subject: string, error: z.ZodError, prefix = ''): ContractViolation {
    return new ContractViolation(
      subject,
      error.issues.map((issue) => ({
        field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
        reason: issue.message,
      })),
    );
  }
}
