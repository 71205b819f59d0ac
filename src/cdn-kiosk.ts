// Entry of the self-contained CDN module for kiosk tablets: everything feedback-loop.js has, with
// kiosk mode provided before any element renders. One file, so an offline tablet has it all or nothing.
import './kiosk.js';
// cdn.ts's own `import './define.js'` is dropped when it is only re-exported: defined here.
import './define.js';

export * from './cdn.js';
