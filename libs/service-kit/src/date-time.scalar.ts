import { Scalar, type CustomScalar } from '@nestjs/graphql';
import { GraphQLError, Kind, type ValueNode } from 'graphql';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Date.parse rolls 2026-02-30 over to 2026-03-02; a calendar date that does not exist is refused instead. */
function isCalendarDate(value: string): boolean {
  const [year, month, day] = [value.slice(0, 4), value.slice(5, 7), value.slice(8, 10)].map(Number) as [
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function parse(value: unknown): string {
  if (
    typeof value !== 'string' ||
    !ISO_INSTANT.test(value) ||
    Number.isNaN(Date.parse(value)) ||
    !isCalendarDate(value)
  ) {
    throw new GraphQLError(
      `DateTime must be an ISO-8601 instant with a zone, e.g. 2026-12-01T09:00:00+08:00 (got ${JSON.stringify(value)})`,
      {
        extensions: { code: 'BAD_USER_INPUT' },
      },
    );
  }
  return value;
}

/** Instants in and out as ISO-8601 strings; inputs must carry their zone so 09:00 is never ambiguous. */
@Scalar('DateTime')
export class DateTimeScalar implements CustomScalar<string, string> {
  parseValue(value: unknown): string {
    return parse(value);
  }
  serialize(value: unknown): string {
    return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
  }
  parseLiteral(ast: ValueNode): string {
    return parse(ast.kind === Kind.STRING ? ast.value : undefined);
  }
}
