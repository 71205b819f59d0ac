// Entry of the self-contained CDN module: registers the elements and exports what a page
// script needs at run time (schemas and pure helpers stay in the npm package).
import './define.js';

export { FeedbackLoop } from './components/feedback-loop/feedback-loop.js';
export {
  FeedbackChangeEvent,
  FeedbackErrorEvent,
  FeedbackQueuedEvent,
  FeedbackSentEvent,
  FeedbackSubmitEvent,
} from './events/feedback-events.js';
export { registerLocale } from './i18n/registry.js';
export { createFetchTransport } from './queue/transport.js';
