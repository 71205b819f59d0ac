import * as z from 'zod/mini';
import type { FeedbackErrorDetail } from '../../events/feedback-events.js';
import { toIssues } from '../../schema/validate.js';
import { DEFAULT_BATCH_SIZE } from '../../queue/outbox-options.js';
import { DEFAULT_COOLDOWN_DAYS } from './cooldown.js';
import type { KioskSettings } from './kiosk-support.js';

export const MODES = ['web', 'kiosk', 'email'] as const;
export type Mode = (typeof MODES)[number];
export const TRIGGERS = ['auto', 'manual'] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** The attributes that shape how the survey behaves, as given. */
export interface BehaviourInput {
  mode: unknown;
  trigger: unknown;
  cooldownDays: unknown;
  thanksSeconds: unknown;
  idleSeconds: unknown;
  idleWarningSeconds: unknown;
  idleAction: unknown;
  staffPin: unknown;
}

export interface Behaviour {
  mode: Mode;
  trigger: Trigger;
  cooldownDays: number;
  kiosk?: KioskSettings;
  staffPin?: string;
}

const seconds = (min: number, max: number, tooFew?: string) => z.number().check(z.int(), z.minimum(min, tooFew), z.maximum(max));

const BehaviourSchema = z
  .object({
    mode: z.enum(MODES),
    trigger: z.enum(TRIGGERS),
    cooldownDays: z.optional(seconds(0, 3650)),
    thanksSeconds: seconds(1, 600),
    idleSeconds: seconds(30, 3600),
    // WCAG 2.2.1: at least 20 seconds to ask for more time.
    idleWarningSeconds: seconds(20, 600, 'At least 20 seconds, so a respondent can ask for more time'),
    idleAction: z.enum(['discard', 'keep']),
    staffPin: z.optional(z.string().check(z.regex(/^[0-9]{4,12}$/, 'Use 4–12 digits'))),
  })
  .check(
    z.refine(b => b.idleWarningSeconds < b.idleSeconds, {
      message: 'idle-warning-seconds must be shorter than idle-seconds',
      path: ['idleWarningSeconds'],
    }),
  );

const ATTRIBUTE: Record<string, string> = {
  cooldownDays: 'cooldown-days',
  thanksSeconds: 'thanks-seconds',
  idleSeconds: 'idle-seconds',
  idleWarningSeconds: 'idle-warning-seconds',
  idleAction: 'idle-action',
  staffPin: 'staff-pin',
};

/** Checks mode, trigger, cooldown and the kiosk timings; a clear `invalid-attribute` error otherwise. */
export function resolveBehaviour(input: BehaviourInput): Behaviour | FeedbackErrorDetail {
  const checked = z.safeParse(BehaviourSchema, { ...input, staffPin: input.staffPin ?? undefined });
  if (!checked.success) {
    const issues = toIssues(checked.error.issues).map(issue => ({
      ...issue,
      path: issue.path.map(part => ATTRIBUTE[String(part)] ?? part),
    }));
    const names = [...new Set(issues.map(issue => String(issue.path[0])))].join(', ');
    return { code: 'invalid-attribute', message: `Invalid ${names}`, issues };
  }
  const b = checked.data;
  const kiosk: KioskSettings | undefined =
    b.mode === 'kiosk'
      ? { thanksMs: b.thanksSeconds * 1000, idleMs: b.idleSeconds * 1000, warningMs: b.idleWarningSeconds * 1000, idleAction: b.idleAction }
      : undefined;
  return {
    mode: b.mode,
    trigger: b.trigger,
    // Only websites ask the same browser again and again; a kiosk serves many people.
    cooldownDays: b.mode === 'web' ? (b.cooldownDays ?? DEFAULT_COOLDOWN_DAYS) : 0,
    ...(kiosk ? { kiosk } : {}),
    ...(b.staffPin ? { staffPin: b.staffPin } : {}),
  };
}

type Unset = keyof typeof UNSET_DEFAULTS;

/**
 * Reads a number attribute: removed, it gives the property's default back at once (Lit's `Number`
 * gives null, which the setup refuses); empty, it is NaN, where `Number('')` is 0 (a
 * `cooldown-days=""` then asked every time), so the setup refuses it by name.
 */
export const numberAttribute = (key: Unset) => ({
  fromAttribute: (value: string | null) => (value === null ? UNSET_DEFAULTS[key] : value.trim() === '' ? NaN : Number(value)),
});

/** Reads a keyword attribute (`mode`, `trigger`, `idle-action`): removed, it gives its default back at once. */
export const keywordAttribute = (key: Unset) => ({ fromAttribute: (value: string | null) => value ?? UNSET_DEFAULTS[key] });

/**
 * What a property goes back to when it is unset: null or undefined, as frameworks leave a removed
 * attribute (React 18, Angular) or an unset prop (React 19). The setup would refuse it otherwise.
 */
export const UNSET_DEFAULTS = {
  mode: 'web',
  trigger: 'auto',
  cooldownDays: DEFAULT_COOLDOWN_DAYS,
  batchSize: DEFAULT_BATCH_SIZE,
  thanksSeconds: 8,
  idleSeconds: 90,
  idleWarningSeconds: 20,
  idleAction: 'discard',
} as const;

/** The channel an answer is stored under when the `channel` attribute is not set. */
export const CHANNEL_OF_MODE = { web: 'web', kiosk: 'kiosk', email: 'email' } as const satisfies Record<Mode, string>;
