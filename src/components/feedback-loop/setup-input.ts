import { defaultSurvey } from '../../i18n/default-survey.js';
import type { MessageOverrides } from '../../i18n/messages.js';
import type { HeadersProvider } from '../../queue/transport.js';
import type { BehaviourInput } from './behaviour-setup.js';
import type { SetupInput } from './setup.js';

/** The `context` property with the context attributes (office, team…) on top; undefined when empty. */
export function mergeContext(context: unknown, attributes: Record<string, string | undefined>): unknown {
  const given = Object.entries(attributes).filter((entry): entry is [string, string] => entry[1] != null);
  if (context != null && typeof context !== 'object') return context; // the schema check refuses it
  if (context == null && given.length === 0) return undefined;
  return { ...context, ...Object.fromEntries(given) };
}

/** The element's properties that its setup is made from, as they were given. */
export interface SetupProperties extends Partial<BehaviourInput> {
  survey?: unknown;
  endpoint?: string;
  batchSize: unknown;
  channel?: string;
  context?: unknown;
  office?: string;
  team?: string;
  staff?: string;
  contactRef?: string;
  messages?: MessageOverrides;
  headers?: HeadersProvider;
}

/** Gathers what `resolveSetup` checks from the element (`el`) and what it holds besides its properties. */
export function setupInput(el: SetupProperties, held: Pick<SetupInput, 'source' | 'transport' | 'headers' | 'base' | 'kioskLoaded'>): SetupInput {
  return {
    ...held,
    survey: el.survey,
    givenHeaders: el.headers,
    defaultSurvey: () => defaultSurvey(el.messages?.defaultSurvey),
    endpoint: el.endpoint,
    batchSize: el.batchSize,
    channel: el.channel,
    context: mergeContext(el.context, { office: el.office, team: el.team, staff: el.staff, contactRef: el.contactRef }),
    behaviour: {
      mode: el.mode,
      trigger: el.trigger,
      cooldownDays: el.cooldownDays,
      thanksSeconds: el.thanksSeconds,
      idleSeconds: el.idleSeconds,
      idleWarningSeconds: el.idleWarningSeconds,
      idleAction: el.idleAction,
      staffPin: el.staffPin,
    },
  };
}
