// The opt-in entry point `feedback-loop/locales/ar.js`: importing it adds Arabic (right to left).
import { registerLocale } from '../registry.js';
import { ar } from './ar.js';

registerLocale(ar);

export { ar };
