// The only place that registers elements. Guarded, so loading two copies of the bundle
// (an npm build and a CDN script) does not throw.
import { FeedbackLoop } from './components/feedback-loop/feedback-loop.js';

if (!customElements.get('feedback-loop')) customElements.define('feedback-loop', FeedbackLoop);

export * from './index.js';
