/** The topic a bounded context publishes its events on. */
export const eventsTopic = (context: string): string => `${context}.events`;

/** Where a consumer parks a message it cannot handle, with the error in its headers. */
export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;
