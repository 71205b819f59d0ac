import type { FeedbackErrorDetail } from '../../events/feedback-events.js';
import type { OutboxEvent } from '../../queue/outbox.js';

/** The `feedback-error` an outbox event amounts to, if any. */
export function errorOf(event: OutboxEvent): FeedbackErrorDetail | undefined {
  switch (event.type) {
    case 'retry':
      return {
        code: event.stalled ? 'delivery-stalled' : 'send-failed',
        message: `Not sent yet (${event.reason}); trying again in ${Math.round(event.retryInMs / 1000)} s`,
        retryInMs: event.retryInMs,
        pending: event.pending,
      };
    case 'paused':
      return {
        code: 'delivery-paused',
        message: `Sending paused: ${event.reason}. Answers are kept; check the endpoint and its credentials`,
        cause: event.status,
        retryInMs: event.retryInMs,
        pending: event.pending,
      };
    case 'dead-letter':
      return { code: 'dead-letter', message: `The endpoint refused ${event.letters.length} answer(s); they are kept as dead letters`, deadLetters: event.letters, pending: event.pending };
    case 'storage':
      return event.durable ? undefined : { code: 'storage-degraded', message: `Answers are kept in this page only: ${event.reason}` };
    default:
      return undefined;
  }
}
