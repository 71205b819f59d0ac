import type { FeedbackRecord } from '../schema/record.js';
import type { Survey } from '../schema/survey.js';
import { migrate } from './migrations.js';
import {
  SurveyConflictError,
  type CollectorStore,
  type InsertReport,
  type RefusedRecord,
  type ResponseQuery,
  type Sql,
  type StoredResponse,
} from './store.js';

// One JSON parameter carries the whole batch: one round trip, and the same text for both drivers.
// Rows go in id order, so two instances storing overlapping batches lock in the same order and
// cannot deadlock.
const INSERT = `
  INSERT INTO feedback_responses (id, survey_id, survey_version, channel, locale, submitted_at, context, answers)
  SELECT r.id, r.survey_id, r.survey_version, r.channel, r.locale, r.submitted_at, coalesce(r.context, '{}'::jsonb), r.answers
  FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, survey_id text, survey_version integer, channel text,
    locale text, submitted_at timestamptz, context jsonb, answers jsonb)
  ORDER BY r.id
  ON CONFLICT (id) DO NOTHING
  RETURNING id::text AS id`;

const LIST = `
  SELECT id::text AS id, survey_id, survey_version, channel, locale, submitted_at, received_at, context, answers
  FROM feedback_responses
  WHERE ($1::text IS NULL OR survey_id = $1)
    AND ($2::text IS NULL OR channel = $2)
    AND ($3::timestamptz IS NULL OR submitted_at >= $3)
    AND ($4::timestamptz IS NULL OR submitted_at < $4)
    AND ($5::uuid[] IS NULL OR id = ANY($5::uuid[]))
    AND ($6::timestamptz IS NULL OR (submitted_at, id) > ($6::timestamptz, $7::uuid))
  ORDER BY submitted_at, id
  LIMIT $8`;

interface ResponseRow {
  id: string;
  survey_id: string;
  survey_version: number;
  channel: StoredResponse['channel'];
  locale: string;
  submitted_at: Date | string;
  received_at: Date | string;
  context: StoredResponse['context'];
  answers: StoredResponse['answers'];
}

const iso = (value: Date | string) => new Date(value).toISOString();

function toRow(record: FeedbackRecord) {
  return {
    id: record.id,
    survey_id: record.surveyId,
    survey_version: record.surveyVersion,
    channel: record.channel,
    locale: record.locale,
    // UTC with milliseconds, like every date the API gives back: a time the device wrote with
    // microseconds or an odd offset can then never break paging or the insert.
    submitted_at: new Date(record.submittedAt).toISOString(),
    context: record.context ?? {},
    answers: record.answers,
  };
}

function fromRow(row: ResponseRow): StoredResponse {
  return {
    id: row.id,
    surveyId: row.survey_id,
    surveyVersion: row.survey_version,
    channel: row.channel,
    locale: row.locale,
    submittedAt: iso(row.submitted_at),
    receivedAt: iso(row.received_at),
    context: row.context,
    answers: row.answers,
  };
}

/** SQLSTATE classes 22 (data exception) and 23 (integrity): this input can never be stored. */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

/**
 * What answers depend on: the questions' ids, kinds and limits. Texts may be corrected under the
 * same version; a change here needs a new version.
 */
function structureOf(survey: Survey): string {
  return JSON.stringify(
    survey.questions.map(q => [q.id, q.kind, q.required ?? false, q.kind === 'comment' ? (q.maxLength ?? null) : null]),
  );
}

/** The collector's store over any `Sql`: the one place its queries live. */
export class SqlStore implements CollectorStore {
  constructor(
    readonly kind: CollectorStore['kind'],
    private readonly sql: Sql,
  ) {}

  /** Applies pending migrations; call once before use. */
  async open(): Promise<this> {
    await migrate(this.sql);
    return this;
  }

  async insertResponses(records: FeedbackRecord[]): Promise<InsertReport> {
    if (records.length === 0) return { inserted: new Set(), refused: [] };
    try {
      return { inserted: await this.insert(records), refused: [] };
    } catch (error) {
      // One record the database refuses must not hold up the others: store them one by one.
      if (!isDataError(error)) throw error;
      return this.insertOneByOne(records);
    }
  }

  private async insert(records: FeedbackRecord[]): Promise<Set<string>> {
    const rows = JSON.stringify(records.map(toRow));
    for (let attempt = 1; ; attempt++) {
      try {
        return new Set((await this.sql.query<{ id: string }>(INSERT, [rows])).map(row => row.id));
      } catch (error) {
        // A deadlock or serialization failure rolled the statement back; it is safe to repeat.
        const code = (error as { code?: unknown }).code;
        if (attempt >= 3 || (code !== '40P01' && code !== '40001')) throw error;
      }
    }
  }

  private async insertOneByOne(records: FeedbackRecord[]): Promise<InsertReport> {
    const inserted = new Set<string>();
    const refused: RefusedRecord[] = [];
    for (const record of records) {
      try {
        for (const id of await this.insert([record])) inserted.add(id);
      } catch (error) {
        if (!isDataError(error)) throw error;
        refused.push({ id: record.id.toLowerCase(), reason: `The database refused it: ${(error as Error).message}` });
      }
    }
    return { inserted, refused };
  }

  async listResponses(query: ResponseQuery): Promise<StoredResponse[]> {
    const rows = await this.sql.query<ResponseRow>(LIST, [
      query.surveyId ?? null,
      query.channel ?? null,
      query.from?.toISOString() ?? null,
      query.to?.toISOString() ?? null,
      query.ids ? `{${query.ids.join(',')}}` : null,
      query.after?.submittedAt.toISOString() ?? null,
      query.after?.id ?? null,
      query.limit,
    ]);
    return rows.map(fromRow);
  }

  async registerSurveys(surveys: Survey[]): Promise<void> {
    await this.sql.transaction(async tx => {
      for (const survey of surveys) {
        const definition = JSON.stringify(survey);
        await tx.query(
          `INSERT INTO feedback_surveys (id, version, definition) VALUES ($1, $2, $3::jsonb)
           ON CONFLICT (id, version) DO NOTHING`,
          [survey.id, survey.version, definition],
        );
        const [stored] = await tx.query<{ definition: Survey }>(
          'SELECT definition FROM feedback_surveys WHERE id = $1 AND version = $2 FOR UPDATE',
          [survey.id, survey.version],
        );
        if (structureOf(stored!.definition) !== structureOf(survey)) {
          throw new SurveyConflictError(
            `Survey "${survey.id}" version ${survey.version} is already stored with other questions. ` +
              'Give the changed survey a new version, so answers to the old one keep their meaning.',
          );
        }
        await tx.query('UPDATE feedback_surveys SET definition = $3::jsonb WHERE id = $1 AND version = $2', [
          survey.id,
          survey.version,
          definition,
        ]);
      }
    });
  }

  async surveys(): Promise<Survey[]> {
    const rows = await this.sql.query<{ definition: Survey }>(
      'SELECT definition FROM feedback_surveys ORDER BY id, version',
    );
    return rows.map(row => row.definition);
  }

  async setting(key: string, make: () => string): Promise<string> {
    await this.sql.query('INSERT INTO feedback_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, make()]);
    const [row] = await this.sql.query<{ value: string }>('SELECT value FROM feedback_settings WHERE key = $1', [key]);
    return row!.value;
  }

  async ping(): Promise<void> {
    await this.sql.query('SELECT 1');
  }

  close(): Promise<void> {
    return this.sql.close();
  }
}
