// The report token of the collectors the browser tests run (collector-endpoint.mjs): shared with
// the test pages, so it lives apart from the Node-only middleware.
export const E2E_TOKEN = 'e2e-report-token-0123456789abcdef';

/**
 * Scoped read tokens of those collectors (REPORT_SCOPES), one per browser, since both browsers'
 * tests share one collector: each reads only the answers of its own team.
 */
export const E2E_SCOPES = [
  { token: 'e2e-scope-chromium-0123456789ab', context: { team: 'e2e-scope-chromium' } },
  { token: 'e2e-scope-firefox-0123456789abc', context: { team: 'e2e-scope-firefox' } },
];
