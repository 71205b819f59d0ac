// Page script of demo/email.html. The page needs nothing but the element itself: the survey
// comes from survey-src and the look from CSS. A package user writes `import 'feedback-loop/define.js'`.
import '../src/define.js';
