// The Node adapter: the only collector file that touches node:* (files, sockets, the process).
import { getRequestListener, serve } from '@hono/node-server';
import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { defaultSurvey } from '../i18n/default-survey.js';
import type { Survey } from '../schema/survey.js';
import { formatIssues, validateSurvey } from '../schema/validate.js';
import type { CollectorConfig } from './config.js';
import { purgeContacts, type ContactRouteOptions } from './contact-routes.js';
import { readJson } from './read-json.js';
import { checkBodyLimit } from './record-size.js';
import { createHandler, describeFailure, peerAddress, type FetchHandler } from './handler.js';
import { openPgliteStore } from './pglite-store.js';
import { openPostgresStore } from './postgres-store.js';
import { surveyKey } from './record-check.js';
import { parseScopes, type ReportScope } from './report-scope.js';
import type { CollectorStore } from './store.js';

export interface Collector {
  handler: FetchHandler;
  /** The handler as a Node `(req, res)` listener, for Vite, Express or `http.createServer`. */
  listener: ReturnType<typeof getRequestListener>;
  store: CollectorStore;
  surveys: Survey[];
  reportToken: string;
  /** The scoped read tokens (REPORT_SCOPES). */
  scopes: ReportScope[];
  /** True when the token was made by the collector (and kept in the database), not given. */
  tokenGenerated: boolean;
  close(): Promise<void>;
}

async function surveyFiles(path: string): Promise<string[]> {
  // SURVEYS names what is missing: Node's ENOENT names neither the setting nor the remedy.
  const found = await stat(path).catch(() => undefined);
  if (!found) throw new Error(`SURVEYS: no file or folder at ${path}`);
  if (!found.isDirectory()) return [path];
  const names = (await readdir(path)).filter(name => name.endsWith('.json')).sort();
  return names.map(name => join(path, name));
}

/** The built-in survey plus the JSON files (or folders of them) in `paths`. */
export async function loadSurveys(paths: readonly string[]): Promise<Survey[]> {
  const surveys = [defaultSurvey()];
  for (const file of (await Promise.all(paths.map(surveyFiles))).flat()) {
    // As a request body: a byte order mark (Notepad's) is skipped, a key given twice is refused.
    const read = readJson(await readFile(file), 'The file');
    if (!read.ok) throw new Error(`Survey file ${file}: ${read.error}`);
    const checked = validateSurvey(read.json);
    if (!checked.ok) throw new Error(`Survey file ${file} is not a valid survey:\n${formatIssues(checked.issues)}`);
    const key = surveyKey(checked.value.id, checked.value.version);
    if (surveys.some(s => surveyKey(s.id, s.version) === key)) throw new Error(`Survey file ${file}: ${key} is defined twice`);
    surveys.push(checked.value);
  }
  return surveys;
}

/**
 * The scoped read tokens of REPORT_SCOPES: inline JSON (it starts with `[`) or the path of a JSON
 * file, read as a survey file is; checked against each other and the full `reportToken`.
 */
export async function loadScopes(setting: string | undefined, reportToken: string | undefined): Promise<ReportScope[]> {
  if (!setting) return [];
  const inline = setting.startsWith('[');
  const where = inline ? 'REPORT_SCOPES' : `REPORT_SCOPES file ${setting}`;
  const bytes = inline ? new TextEncoder().encode(setting) : await readFile(setting).catch(() => undefined);
  if (!bytes) throw new Error(`REPORT_SCOPES: no file at ${setting} (give a JSON file, or the JSON list itself)`);
  const read = readJson(bytes, inline ? 'The value' : 'The file');
  if (!read.ok) throw new Error(`${where}: ${read.error}`);
  const parsed = parseScopes(read.json, reportToken);
  if (!parsed.ok) throw new Error(`${where}: ${parsed.message}`);
  return parsed.scopes;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface LockHolder {
  host: string;
  pid: number;
  token: string;
}

/** Locks this process holds now, by their file content. */
const heldLocks = new Set<string>();

/** A lock left by a process that is gone: on this host, not running, or an earlier life of this pid. */
function isStale(holder: LockHolder | undefined, content: string): boolean {
  if (!holder || holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return !heldLocks.has(content);
  return !isRunning(holder.pid);
}

/**
 * PGlite's files belong to one instance: a second collector on the same folder would corrupt them.
 * The lock file is created exclusively, so of two collectors that start together one wins.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, 'collector.lock');
  const mine = JSON.stringify({ host: hostname(), pid: process.pid, token: randomUUID() } satisfies LockHolder);
  for (let attempt = 1; ; attempt++) {
    try {
      await writeFile(file, mine, { flag: 'wx' });
      heldLocks.add(mine);
      return async () => {
        heldLocks.delete(mine);
        if ((await readFile(file, 'utf8').catch(() => '')) === mine) await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const content = await readFile(file, 'utf8').catch(() => '');
    let holder: LockHolder | undefined;
    try {
      holder = JSON.parse(content) as LockHolder;
    } catch {}
    if (attempt > 1 || !isStale(holder, content)) {
      const who = holder ? `process ${holder.pid} on ${holder.host}` : 'another process';
      throw new Error(
        `Another collector (${who}) uses ${dataDir}. The embedded database allows one instance; set DATA_DIR to ` +
          `another folder, or DATABASE_URL for several instances. If no collector runs, delete ${file}.`,
      );
    }
    await rm(file, { force: true });
  }
}

async function openStore(config: CollectorConfig, log: (line: string) => void): Promise<{ store: CollectorStore; unlock: () => Promise<void> }> {
  if (config.databaseUrl) return { store: await openPostgresStore({ connectionString: config.databaseUrl, log, invitationKey: config.invitationKey }), unlock: async () => {} };
  const dataDir = resolve(config.dataDir);
  const unlock = await lockDataDir(dataDir);
  try {
    return { store: await openPgliteStore(dataDir, config.invitationKey), unlock };
  } catch (error) {
    await unlock();
    throw error;
  }
}

/** Behind a trusted proxy: the address the proxy saw last (the handler's default is the peer). */
function forwardedFor(request: Request, env: unknown): string | undefined {
  return request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim() || peerAddress(request, env);
}

/** How often a running collector deletes the contact requests past their retention. */
export const CONTACT_PURGE_INTERVAL_MS = 3_600_000;

export interface OpenOptions {
  /** Wall-clock time, for the contact retention. */
  clock?: () => Date;
  /** Between two purges of old contact requests (default: an hour). */
  purgeIntervalMs?: number;
}

/** Purges old contact requests now and then every `intervalMs`; returns the function that stops it. */
function schedulePurge(retention: ContactRouteOptions, intervalMs: number, log: (line: string) => void): () => void {
  const purge = () => purgeContacts(retention).catch(error => log(`contact purge failed: ${describeFailure(error)}`));
  const timer = setInterval(purge, intervalMs);
  timer.unref(); // never what keeps the process alive
  return () => clearInterval(timer);
}

/**
 * Opens the database (applying migrations), deletes contact requests past their retention (again
 * every hour while open) and builds the handler, without listening.
 */
export async function openCollector(
  config: CollectorConfig,
  log: (line: string) => void = console.log,
  options: OpenOptions = {},
): Promise<Collector> {
  const surveys = await loadSurveys(config.surveyPaths);
  checkBodyLimit(config.maxBodyBytes, surveys); // before the database: the handler would refuse it anyway
  const scopes = await loadScopes(config.reportScopes, config.reportToken);
  const stamped = (line: string) => log(`${new Date().toISOString()} collector: ${line}`);
  const { store, unlock } = await openStore(config, stamped);
  const clock = options.clock ?? (() => new Date());
  try {
    await store.registerSurveys(surveys);
    const retention: ContactRouteOptions = { store, retentionDays: config.contactRetentionDays, clock, log: stamped };
    await purgeContacts(retention);
    const reportToken = config.reportToken ?? (await store.setting('report-token', () => randomBytes(24).toString('base64url')));
    const handler = createHandler({
      store,
      surveys,
      reportToken,
      scopes,
      allowedOrigins: config.allowedOrigins,
      maxBatch: config.maxBatch,
      maxBodyBytes: config.maxBodyBytes,
      rateLimit: config.rateLimit,
      clientKey: config.trustProxy ? forwardedFor : undefined,
      contactRetentionDays: config.contactRetentionDays,
      reportTimeZone: config.reportTimeZone,
      reportMinCount: config.reportMinCount,
      clock,
      log: stamped,
    });
    const stopPurging = schedulePurge(retention, options.purgeIntervalMs ?? CONTACT_PURGE_INTERVAL_MS, stamped);
    const close = async () => {
      stopPurging();
      await store.close();
      await unlock();
    };
    const listener = getRequestListener(handler);
    return { handler, listener, store, surveys, reportToken, scopes, tokenGenerated: !config.reportToken, close };
  } catch (error) {
    await store.close().catch(() => {});
    await unlock();
    throw error;
  }
}

/** Opens the collector and listens on `config.host:config.port`. */
export async function startCollector(
  config: CollectorConfig,
  log?: (line: string) => void,
  options?: OpenOptions,
): Promise<Collector & { url: string }> {
  const collector = await openCollector(config, log, options);
  const server = serve({ fetch: collector.handler, port: config.port, hostname: config.host });
  await new Promise<void>((done, fail) => {
    server.once('listening', done);
    server.once('error', fail);
  }).catch(async error => {
    await collector.close();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    ...collector,
    url: `http://${host}:${port}`,
    async close() {
      await new Promise<void>(done => server.close(() => done()));
      await collector.close();
    },
  };
}
