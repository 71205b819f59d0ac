// Render-benchmark floor page entry: the hand-written Lit survey alone (no validation, no storage).
import { defineFloor } from './lit-survey.js';

defineFloor('lit-floor-survey');
