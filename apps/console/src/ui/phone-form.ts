import type { FormInstance } from 'antd-mobile/es/components/form';
import type { Problem } from '../graph/problems';

/**
 * Puts each refusal under the phone form's field it names (`fields` maps the service's field name
 * to the form's); returns the problems no field of the form takes.
 */
export function showOnFields(form: FormInstance, problems: Problem[], fields: Record<string, string>): Problem[] {
  const placed = problems.filter((p) => p.field && fields[p.field]);
  form.setFields(placed.map((p) => ({ name: fields[p.field!]!, errors: [p.reason] })));
  return problems.filter((p) => !placed.includes(p));
}
