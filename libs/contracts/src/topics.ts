/** The topic a bounded context publishes its events on. */
export const eventsTopic = (context: string): string => `${context}.events`;

/** Where a consumer parks a message it cannot handle, with the error in its headers. */
export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

/**
 * The headers of every event message the forwarder publishes, with what each tells a consumer. The
 * forwarder writes exactly these (a type check holds it to them) and the AsyncAPI export lists them.
 */
export const eventHeaders = {
  'event-id': 'The event id (the envelope eventId). Delivery is at least once: deduplicate by it.',
  'event-type': 'The event type (the envelope type), to route or skip a message without parsing it.',
  'schema-version': "The version of the event's data (the envelope schemaVersion), as a decimal string.",
  'log-position':
    "Where the event stands in the producing service's event log, as `<commit>/<prepare>` (two decimal integers, compared as a pair). Events are forwarded in log order, so within a partition it increases; the forwarder resumes from it after a restart.",
} as const;
export type EventHeader = keyof typeof eventHeaders;

/** What a consumer adds to the original headers when it parks a message on `<topic>.dlq`. */
export const deadLetterHeaders = {
  'dlq-error': 'Why the consumer could not handle the message (at most 4000 characters).',
  'dlq-attempts': 'How many times the consumer tried, as a decimal string.',
  'dlq-consumer-group': 'The consumer group that parked the message.',
  'dlq-original-topic': 'The topic the message was read from.',
  'dlq-original-partition': 'Its partition there, as a decimal string.',
  'dlq-original-offset': 'Its offset there, as a decimal string.',
  'dlq-parked-at': 'When it was parked (an ISO 8601 instant).',
} as const;
export type DeadLetterHeader = keyof typeof deadLetterHeaders;
