#!/usr/bin/env node
// `feedback-collector`: the reference collector as a command. Settings come from the environment.
import { readConfig } from './config.js';
import { describeScope } from './report-scope.js';
import { startCollector } from './server.js';

const settings = readConfig(process.env);
if (!settings.ok) {
  console.error(`feedback-collector: bad setting\n${settings.message}`);
  process.exit(2);
}
const { config } = settings;
try {
  const collector = await startCollector(config);
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
  console.log(`feedback-loop collector on ${collector.url}, storing into ${where}`);
  console.log(`  POST ${collector.url}/api/responses   surveys: ${collector.surveys.map(s => `${s.id}@${s.version}`).join(', ')}`);
  console.log(`  GET  ${collector.url}/api/responses   with Authorization: Bearer <REPORT_TOKEN>`);
  console.log(`  GET  ${collector.url}/api/contacts, /api/counts; POST /api/invitations   with the same token`);
  if (collector.scopes.length) {
    console.log(`  GET  /api/report, /api/comments, /api/export.*   also with ${collector.scopes.length} scoped token(s): ${collector.scopes.map(describeScope).join('; ')}`);
  }
  console.log(`  Contact requests are kept ${config.contactRetentionDays} days (CONTACT_RETENTION_DAYS)`);
  if (collector.tokenGenerated) console.log(`  Report token (made at first start, kept in the database): ${collector.reportToken}`);
  const stop = async () => {
    await collector.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`feedback-collector: ${(error as Error).message}`);
  process.exit(1);
}
