// `feedback-loop/email`: for the server that sends follow-up emails. Renders the question with one
// link per answer, and counts the invitations sent. Imports no lit and touches no document.
export { emailScale, type EmailChoice, type EmailScale, type EmailSnippetOptions } from './email/email-scale.js';
export { renderEmailSnippet } from './email/email-snippet.js';
export { renderEmailText } from './email/email-text.js';
export { emailTexts, type EmailTexts } from './email/email-texts.js';
export {
  INVITATIONS_MAX,
  InvitationsError,
  registerInvitations,
  type InvitationsRegistration,
  type RegisterInvitationsOptions,
} from './email/register-invitations.js';
export { EMAIL_PARAMS, emailLink, readEmailLink, type EmailLink } from './schema/email-link.js';
export { registerLocale } from './i18n/registry.js';
export type { Survey } from './schema/survey.js';
