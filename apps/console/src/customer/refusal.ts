import type { TFunction } from 'i18next';
import type { Problem } from '../graph/problems';

/** A refusal with the rule behind it: the rule in the customer's words, then the service's message and code. */
export const explained = (p: Problem, t: TFunction) => {
  if (!p.code || p.code === 'BAD_USER_INPUT') return p.reason;
  return `${t(`booking.rules.${p.code}`, { defaultValue: '' })}${t('booking.refusedCode', { message: p.reason, code: p.code })}`;
};
