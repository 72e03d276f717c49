import type { FormInstance } from 'antd';
import type { Problem } from '../graph/problems';

type Name = (string | number)[];

/** `standard.0.criteria.1` → `['standard', 0, 'criteria', 1]`, the form's name of that field. */
const nameOf = (path: string, renamed: Record<string, string>): Name =>
  path.split('.').map((part, i) => (/^\d+$/.test(part) ? Number(part) : i === 0 ? (renamed[part] ?? part) : part));

/**
 * Puts each refusal on the form field it names, a field inside a list on its own row
 * (`input.standard.0.criteria.1` on the second check of the first area); answers the problems
 * that name no field of the form, for an alert beside it.
 */
export function placeProblems(
  form: FormInstance,
  problems: Problem[],
  fields: readonly string[],
  renamed: Record<string, string> = {},
): Problem[] {
  const placed: { name: Name; errors: string[] }[] = [];
  const rest: Problem[] = [];
  for (const problem of problems) {
    const path = problem.path ?? problem.field;
    const name = path ? nameOf(path, renamed) : null;
    const known =
      name &&
      fields.includes(String(name[0])) &&
      (name.length === 1 || form.getFieldValue(name) !== undefined);
    if (!known) {
      rest.push(problem);
      continue;
    }
    const same = placed.find((p) => p.name.join('.') === name.join('.'));
    if (same) same.errors.push(problem.reason);
    else placed.push({ name, errors: [problem.reason] });
  }
  form.setFields(placed);
  return rest;
}
