import type { FeedbackErrorDetail } from '../../events/feedback-events.js';
import { CUSTOM_TRANSPORT } from '../../queue/destination.js';
import { createFetchTransport, headersProblem, type HeadersProvider, type Transport } from '../../queue/transport.js';
import { checkEndpoint, withoutCredentials } from '../../schema/endpoint.js';
import { ChannelSchema, ContextSchema, type Channel, type Context } from '../../schema/record.js';
import type { Survey } from '../../schema/survey.js';
import { toIssues, validateSurvey } from '../../schema/validate.js';
import * as z from 'zod/mini';
import type { SurveySource } from './survey-source-controller.js';
import type { Presence } from './presence-controller.js';
import type { SyncTarget } from './sync-options.js';
import { CHANNEL_OF_MODE, resolveBehaviour, type Behaviour, type BehaviourInput } from './behaviour-setup.js';

/** Everything the element was given, as raw as it arrived. */
export interface SetupInput {
  survey: unknown;
  source: SurveySource;
  defaultSurvey: () => Survey;
  endpoint: string | null | undefined;
  transport?: Transport;
  headers?: HeadersProvider;
  /** The `headers` property as set: a function is asked at each send, static headers are checked here. */
  givenHeaders?: unknown;
  batchSize: unknown;
  /** Unset: the mode's channel (web, kiosk or email). */
  channel: string | undefined;
  behaviour: BehaviourInput;
  context: unknown;
  base: string;
  /** Whether the page loaded kiosk mode (feedback-loop/kiosk.js). */
  kioskLoaded: boolean;
}

export type Setup = ReadySetup | { state: 'loading' } | { state: 'error'; error: FeedbackErrorDetail };

export interface ReadySetup {
  state: 'ready';
  survey: Survey;
  transport: Transport;
  /** The resolved endpoint URL (or `custom-transport`): names the queue, stored per answer. */
  endpoint: string;
  batchSize: number;
  channel: Channel;
  context?: Context;
  behaviour: Behaviour;
}

function surveyOf(input: SetupInput): Survey | FeedbackErrorDetail | 'loading' {
  if (input.survey !== undefined && input.survey !== null) {
    const checked = validateSurvey(input.survey);
    if (checked.ok) return checked.value;
    return { code: 'invalid-survey', message: 'The survey property is not a valid survey', issues: checked.issues };
  }
  const { source } = input;
  if (source.state === 'loading') return 'loading';
  if (source.state === 'failed') return source.error;
  return source.state === 'ready' ? source.survey : input.defaultSurvey();
}

/** Most answers one request carries. */
export const BatchSizeSchema = z.int().check(z.minimum(1), z.maximum(500));

function transportOf(input: SetupInput): { transport: Transport; endpoint: string } | FeedbackErrorDetail {
  const checked = checkEndpoint(input.endpoint, input.base);
  if (input.transport) return { transport: input.transport, endpoint: checked.ok ? checked.url.href : CUSTOM_TRANSPORT };
  const problem = headersProblem(input.givenHeaders);
  if (problem) return { code: 'invalid-attribute', message: `Invalid headers: ${problem}` };
  if (checked.ok) return { transport: createFetchTransport(checked.url, { headers: input.headers }), endpoint: checked.url.href };
  const hint = checked.problem === 'credentials' ? 'give credentials with the headers property, not in the URL' : 'use https, a relative URL, or http on localhost';
  return { code: 'invalid-endpoint', message: `Refused endpoint "${withoutCredentials(input.endpoint ?? '')}" (${checked.problem}): ${hint}` };
}

function attributeError(name: string, error: z.core.$ZodError): FeedbackErrorDetail {
  return { code: 'invalid-attribute', message: `Invalid ${name}`, issues: toIssues(error.issues, [name]) };
}

const KIOSK_NOT_LOADED: FeedbackErrorDetail = {
  code: 'kiosk-not-loaded',
  // Worded so that no bundler or test reads the module names as an import.
  message: 'mode="kiosk" needs kiosk mode on the page: feedback-loop/kiosk.js beside the element (npm), or cdn/feedback-loop-kiosk.js in place of cdn/feedback-loop.js',
};

/** Checks the element's configuration at the boundary: a ready setup or one clear error. */
export function resolveSetup(input: SetupInput): Setup {
  const survey = surveyOf(input);
  if (survey === 'loading') return { state: 'loading' };
  if ('code' in survey) return { state: 'error', error: survey };
  const delivery = transportOf(input);
  if ('code' in delivery) return { state: 'error', error: delivery };
  const batchSize = z.safeParse(BatchSizeSchema, input.batchSize);
  if (!batchSize.success) return { state: 'error', error: attributeError('batch-size', batchSize.error) };
  const behaviour = resolveBehaviour(input.behaviour);
  if ('code' in behaviour) return { state: 'error', error: behaviour };
  if (behaviour.mode === 'kiosk' && !input.kioskLoaded) return { state: 'error', error: KIOSK_NOT_LOADED };
  const channel = z.safeParse(ChannelSchema, input.channel ?? CHANNEL_OF_MODE[behaviour.mode]);
  if (!channel.success) return { state: 'error', error: attributeError('channel', channel.error) };
  const context = z.safeParse(z.optional(ContextSchema), input.context);
  if (!context.success) return { state: 'error', error: attributeError('context', context.error) };
  return { state: 'ready', survey, ...delivery, batchSize: batchSize.data, channel: channel.data, context: context.data, behaviour };
}

/** The survey's identity: another one resets the answers and reads the email link again. */
export const surveyKey = (ready: ReadySetup): string => `${ready.survey.id}@${ready.survey.version}`;

/** The outbox queue of a ready setup: one per endpoint and survey version (S26). */
export function syncTarget(ready: ReadySetup): SyncTarget {
  const { endpoint, transport, batchSize } = ready;
  return { queue: `${endpoint}|${surveyKey(ready)}`, endpoint, transport, batchSize };
}


/** What decides whether a ready setup's survey shows; without `sendShown`, nothing is counted. */
export function presenceOf(ready: ReadySetup, sendShown: Presence['sendShown']): Presence {
  return { ...ready.behaviour, surveyId: ready.survey.id, surveyVersion: ready.survey.version, channel: ready.channel, endpoint: ready.endpoint, sendShown };
}
