// The schemas the package exports are built on first use (src/schema/lazy-schema.ts), so the survey
// does not build them before its first paint. To a host's code they must still be zod schemas:
// parsed, composed, refined, converted to JSON Schema and given metadata, with zod/mini or classic zod.
import { expect } from '@open-wc/testing';
import { z as classic } from 'zod';
import * as z from 'zod/mini';
import { AckSchema, FeedbackRecordSchema, SurveySchema } from '../../src/index.js';
import { lazySchema } from '../../src/schema/lazy-schema.js';

const RECORD = {
  id: '3f1c2a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f',
  surveyId: 'service-quality',
  surveyVersion: 1,
  channel: 'web',
  locale: 'nl',
  answers: { reliability: 4, nps: 9 },
  submittedAt: '2026-12-06T09:30:00.000Z',
};

const SURVEY = { id: 'visit', version: 1, questions: [{ kind: 'rating', id: 'overall', label: { en: 'Overall?' } }] };

describe('the exported schemas', () => {
  it('parse with zod/mini and name the wrong field', () => {
    expect(z.safeParse(FeedbackRecordSchema, RECORD).success).to.equal(true);
    const wrong = z.safeParse(FeedbackRecordSchema, { ...RECORD, channel: 'fax' });
    expect(wrong.success).to.equal(false);
    expect(wrong.error?.issues.map(issue => issue.path.join('.'))).to.deep.equal(['channel']);
    expect(z.safeParse(SurveySchema, SURVEY).success).to.equal(true);
    expect(z.safeParse(SurveySchema, { ...SURVEY, questions: [] }).success).to.equal(false);
  });

  it('compose into a host’s own schemas, with zod/mini and with classic zod', () => {
    const batch = z.array(FeedbackRecordSchema);
    expect(z.safeParse(batch, [RECORD, RECORD]).success).to.equal(true);
    expect(z.safeParse(batch, [RECORD, { ...RECORD, id: 'x' }]).error?.issues[0]?.path).to.deep.equal([1, 'id']);
    const envelope = classic.object({ records: classic.array(FeedbackRecordSchema), survey: classic.optional(SurveySchema) });
    expect(envelope.safeParse({ records: [RECORD], survey: SURVEY }).success).to.equal(true);
    expect(envelope.safeParse({ records: [{ ...RECORD, surveyVersion: 0 }] }).success).to.equal(false);
    const withSource = z.extend(FeedbackRecordSchema, { source: z.string() });
    expect(z.safeParse(withSource, { ...RECORD, source: 'crm' }).success).to.equal(true);
    expect(z.safeParse(withSource, RECORD).success, 'the extension is required').to.equal(false);
    expect(z.safeParse(z.pick(FeedbackRecordSchema, { id: true }), { id: RECORD.id }).success).to.equal(true);
  });

  it('take extra checks, and are instances of zod’s types', () => {
    const webOnly = FeedbackRecordSchema.check(z.refine(record => record.channel === 'web', 'web only'));
    expect(z.safeParse(webOnly, RECORD).success).to.equal(true);
    expect(z.safeParse(webOnly, { ...RECORD, channel: 'kiosk' }).error?.issues[0]?.message).to.equal('web only');
    expect(FeedbackRecordSchema instanceof z.ZodMiniObject).to.equal(true);
    expect(AckSchema instanceof z.core.$ZodType).to.equal(true);
    expect(Object.getPrototypeOf(FeedbackRecordSchema)).to.equal(Object.getPrototypeOf(z.strictObject({})));
  });

  it('are Standard Schemas, found by the `in` check that libraries such as Hono and tRPC make', async () => {
    expect('~standard' in FeedbackRecordSchema).to.equal(true);
    const standard = FeedbackRecordSchema['~standard'];
    expect(await standard.validate(RECORD)).to.deep.equal({ value: RECORD });
    const refused = await standard.validate({ ...RECORD, locale: '' });
    expect(refused.issues?.map(issue => issue.path?.join('.'))).to.deep.equal(['locale']);
  });

  it('are what their own methods return and register, as a plain schema is', () => {
    expect(SurveySchema.brand()).to.equal(SurveySchema);
    expect(SurveySchema.check(z.refine(() => true))._zod.parent).to.equal(SurveySchema);
    const registry = z.registry<{ id: string }>();
    expect(FeedbackRecordSchema.register(registry, { id: 'FeedbackRecord' })).to.equal(FeedbackRecordSchema);
    expect(registry.get(FeedbackRecordSchema)).to.deep.equal({ id: 'FeedbackRecord' });
    const json = z.toJSONSchema(z.object({ record: FeedbackRecordSchema }), { metadata: registry }) as { $defs?: Record<string, unknown> };
    expect(Object.keys(json.$defs ?? {}), 'the registered id becomes a definition').to.deep.equal(['FeedbackRecord']);
  });

  it('convert to JSON Schema and keep metadata given to them', () => {
    const json = z.toJSONSchema(AckSchema, { target: 'draft-2020-12' }) as { properties?: Record<string, unknown>; required?: string[] };
    expect(Object.keys(json.properties ?? {})).to.deep.equal(['results']);
    expect(json.required).to.deep.equal(['results']);
    const registry = z.registry<{ title: string }>();
    registry.add(SurveySchema, { title: 'Survey' });
    expect(registry.get(SurveySchema)).to.deep.equal({ title: 'Survey' });
  });
});

describe('lazySchema()', () => {
  it('builds its schema on first use, once', () => {
    let builds = 0;
    const schema = lazySchema(() => {
      builds++;
      return z.string().check(z.minLength(2));
    });
    expect(builds, 'not built before use').to.equal(0);
    expect(z.safeParse(schema, 'ok').success).to.equal(true);
    expect(z.safeParse(schema, 'x').success).to.equal(false);
    expect(z.safeParse(z.optional(schema), undefined).success).to.equal(true);
    expect(builds).to.equal(1);
  });

  it('keeps what a host writes on the schema (as plugins that extend zod do)', () => {
    const schema = lazySchema(() => z.string()) as z.ZodMiniString & { openapi?: string };
    schema.openapi = 'Name';
    expect(schema.openapi).to.equal('Name');
    expect('openapi' in schema).to.equal(true);
    Object.defineProperty(schema, 'example', { value: 'Ann', configurable: true });
    expect((schema as unknown as { example?: string }).example).to.equal('Ann');
    delete schema.openapi;
    expect(schema.openapi).to.equal(undefined);
  });
});
