// @web/dev-server-core 1.0.1 sends each test page's results to the runner through
// structuredClone, which throws on a DOM node. So a failing assertion about an element
// (`expect(panel).to.equal(null)`) never reached the runner: the whole file stopped with "did not
// finish within 120000ms" and no word on which test failed (modernweb-dev/web#2967,
// open-wc/open-wc#2880). This plugin swaps that clone for one that writes a node as its HTML.
const WEB_SOCKET_MODULE = '/__web-dev-server__web-socket.js';
const CLONE = 'var target = structuredClone(obj)';

// Runs in the test page. Only what structuredClone refuses is copied by hand: a node becomes its
// tag (its outer HTML, shortened), a function its name, and a repeated object "[Circular]".
const CLONE_FOR_REPORT = `
function cloneForReport(value, seen = new Set()) {
  try {
    return structuredClone(value);
  } catch {
    if (typeof Node !== 'undefined' && value instanceof Node) {
      const html = value instanceof Element ? value.outerHTML : value.nodeName;
      return html.length > 300 ? html.slice(0, 300) + '…' : html;
    }
    if (typeof value === 'function') return '[Function ' + (value.name || 'anonymous') + ']';
    if (value === null || typeof value !== 'object') return String(value);
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    if (Array.isArray(value)) return value.map(item => cloneForReport(item, seen));
    const copy = {};
    for (const key of Object.keys(value)) copy[key] = cloneForReport(value[key], seen);
    if (value instanceof Error) Object.assign(copy, { name: value.name, message: value.message, stack: value.stack });
    return copy;
  }
}
`;

export function cloneSafeResults() {
  return {
    name: 'clone-safe-results',
    transform(context) {
      if (context.path !== WEB_SOCKET_MODULE) return undefined;
      const body = String(context.body);
      // Loud on an upgrade that changed the module: check whether the fix landed, then drop this plugin.
      if (!body.includes(CLONE)) throw new Error(`clone-safe-results: "${CLONE}" is no longer in ${WEB_SOCKET_MODULE}`);
      return { body: `${body.replace(CLONE, 'var target = cloneForReport(obj)')}\n${CLONE_FOR_REPORT}` };
    },
  };
}
