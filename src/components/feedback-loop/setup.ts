import type { FeedbackErrorDetail } from '../../events/feedback-events.js';
import { createFetchTransport, type Transport } from '../../queue/transport.js';
import { checkEndpoint } from '../../schema/endpoint.js';
import { ChannelSchema, ContextSchema, type Channel, type Context } from '../../schema/record.js';
import type { Survey } from '../../schema/survey.js';
import { toIssues, validateSurvey } from '../../schema/validate.js';
import * as z from 'zod/mini';
import type { SurveySource } from './survey-source-controller.js';

/** Everything the element was given, as raw as it arrived. */
export interface SetupInput {
  survey: unknown;
  source: SurveySource;
  defaultSurvey: () => Survey;
  endpoint: string | null | undefined;
  transport?: Transport;
  channel: string;
  context: unknown;
  base: string;
}

export type Setup =
  | { state: 'ready'; survey: Survey; transport: Transport; channel: Channel; context?: Context }
  | { state: 'loading' }
  | { state: 'error'; error: FeedbackErrorDetail };

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

function transportOf(input: SetupInput): Transport | FeedbackErrorDetail {
  if (input.transport) return input.transport;
  const checked = checkEndpoint(input.endpoint, input.base);
  if (checked.ok) return createFetchTransport(checked.url);
  return {
    code: 'invalid-endpoint',
    message: `Refused endpoint "${input.endpoint ?? ''}" (${checked.problem}): use https, a relative URL, or http on localhost`,
  };
}

function attributeError(name: string, error: z.core.$ZodError): FeedbackErrorDetail {
  return { code: 'invalid-attribute', message: `Invalid ${name}`, issues: toIssues(error.issues, [name]) };
}

/** Checks the element's configuration at the boundary: a ready setup or one clear error. */
export function resolveSetup(input: SetupInput): Setup {
  const survey = surveyOf(input);
  if (survey === 'loading') return { state: 'loading' };
  if ('code' in survey) return { state: 'error', error: survey };
  const transport = transportOf(input);
  if ('code' in transport) return { state: 'error', error: transport };
  const channel = z.safeParse(ChannelSchema, input.channel);
  if (!channel.success) return { state: 'error', error: attributeError('channel', channel.error) };
  const context = z.safeParse(z.optional(ContextSchema), input.context);
  if (!context.success) return { state: 'error', error: attributeError('context', context.error) };
  return { state: 'ready', survey, transport, channel: channel.data, context: context.data };
}
