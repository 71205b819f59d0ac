// A throwaway PostgreSQL server for tests and benchmarks: `initdb` into a fresh temporary folder,
// listen on 127.0.0.1 only (trust auth, so no password), create the database `feedback`, and wipe
// everything again on stop(). Run alone (`node scripts/pg-temp.mjs`) it prints the URL and keeps the
// server until Ctrl-C, for trying the collector with DATABASE_URL by hand.
//
//   const { url, stop } = await startTempPostgres();   // url: postgres://postgres@127.0.0.1:<port>/feedback
//   ...
//   await stop();
import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';

const execFileAsync = promisify(execFile);
const BINARIES = ['initdb', 'pg_ctl', 'postgres'];
/** Bound on server start and on the first connection; a healthy server needs well under a second. */
const READY_TIMEOUT_S = 30;
const INSTALL_HINT =
  'PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found in /usr/lib/postgresql/*/bin or PATH. ' +
  'Install them with: apt-get install -y postgresql   (Debian/Ubuntu; or your system\'s PostgreSQL server package)';

/** The directory holding initdb, pg_ctl and postgres: Debian's newest version first, then PATH. */
export function findPostgresBin() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).filter(v => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a))
    : [];
  const candidates = [...versions.map(v => join(root, v, 'bin')), ...(process.env.PATH ?? '').split(delimiter).filter(Boolean)];
  return candidates.find(dir => BINARIES.every(name => existsSync(join(dir, name)))) ?? null;
}

/** A port that was free a moment ago: the kernel picks one for port 0, which is closed again. */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = ms => new Promise(done => setTimeout(done, ms));

/**
 * Starts a private PostgreSQL server and returns `{ url, stop }` (plus port, dir, version and
 * startupMs). `stop()` shuts it down and deletes its files; it also happens by itself when the
 * process exits or gets SIGINT/SIGTERM/SIGHUP, so no server outlives the caller.
 * @param {{ log?: (line: string) => void }} [options]
 */
export async function startTempPostgres({ log = console.log } = {}) {
  const started = performance.now();
  const bin = findPostgresBin();
  if (!bin) throw new Error(INSTALL_HINT);

  // initdb refuses to run as root, so root runs the binaries as the `postgres` system user, in a
  // folder that user owns. Everyone else runs them directly.
  const asRoot = process.getuid?.() === 0;
  let owner;
  if (asRoot) {
    try {
      const id = flag => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
      owner = { uid: id('-u'), gid: id('-g') };
    } catch {
      throw new Error(`Running as root, the server must run as the "postgres" user, which does not exist. ${INSTALL_HINT} (the package creates that user), or run as an ordinary user.`);
    }
  }
  // /tmp rather than a TMPDIR under /root, which the postgres user could not enter.
  const dir = mkdtempSync(join(asRoot ? '/tmp' : tmpdir(), 'feedback-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const command = (name, args) =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, name), ...args]] : [join(bin, name), args];
  // cwd: the caller's folder may be closed to the postgres user. pg_ctl gets -l, which keeps the
  // server's output off our pipes, so pg_ctl's own exit ends the call.
  const run = (name, args) =>
    execFileAsync(...command(name, args), { cwd: dir, timeout: READY_TIMEOUT_S * 1000, encoding: 'utf8' });
  const runSync = (name, args) =>
    execFileSync(...command(name, args), { cwd: dir, timeout: READY_TIMEOUT_S * 1000, stdio: 'ignore' });
  const failure = (what, error) => {
    const serverLog = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').slice(-15).join('\n') : '';
    const detail = [error.stderr?.trim(), error.stdout?.trim(), serverLog].filter(Boolean).join('\n') || error.message;
    return new Error(`Temporary PostgreSQL (${bin}): ${what} failed:\n${detail}`);
  };

  // Stopping is idempotent, and has a synchronous form for the 'exit' event and signals.
  let state = 'starting';
  const serverRunning = () => existsSync(join(data, 'postmaster.pid'));
  const stopSync = () => {
    if (state === 'stopped' || state === 'stopping') return;
    state = 'stopped';
    unhook();
    try {
      if (serverRunning()) runSync('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
    } catch {
      killFromPidFile();
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Last resort when pg_ctl fails: SIGQUIT is PostgreSQL's immediate shutdown.
  const killFromPidFile = () => {
    try {
      const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid) process.kill(pid, 'SIGQUIT');
    } catch {}
  };
  const onSignal = signal => {
    // A stop already under way (e.g. the caller's own signal handler) finishes by itself.
    if (state === 'stopping' || state === 'stopped') return;
    stopSync();
    // Nobody else listens: end the process as the signal would have without us.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const unhook = () => {
    process.off('exit', stopSync);
    for (const signal of signals) process.off(signal, onSignal);
  };
  process.once('exit', stopSync);
  for (const signal of signals) process.once(signal, onSignal);

  const stop = async () => {
    if (state === 'stopped' || state === 'stopping') return;
    state = 'stopping';
    try {
      if (serverRunning()) await run('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w', '-t', String(READY_TIMEOUT_S)]);
    } catch {
      killFromPidFile();
    } finally {
      state = 'stopped';
      unhook();
      rmSync(dir, { recursive: true, force: true });
    }
  };

  try {
    const t0 = performance.now();
    try {
      // --no-sync: a throwaway cluster need not survive a power cut, and it saves seconds.
      await run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--encoding=UTF8', '--locale=C', '--no-sync']);
    } catch (error) {
      throw failure('initdb', error);
    }
    const initMs = performance.now() - t0;
    // Only 127.0.0.1 and a socket in our private folder; trust needs no password there.
    writeFileSync(join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');

    // The port is free when probed but could be taken before the server binds it: try a few.
    let port;
    const t1 = performance.now();
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      appendFileSync(
        join(data, 'postgresql.conf'),
        [
          '\n# scripts/pg-temp.mjs: private, throwaway and fast (durability does not matter here)',
          "listen_addresses = '127.0.0.1'",
          `port = ${port}`,
          `unix_socket_directories = '${dir}'`,
          'fsync = off',
          'synchronous_commit = off',
          'full_page_writes = off',
          '',
        ].join('\n'),
      );
      try {
        await run('pg_ctl', ['start', '-D', data, '-l', logFile, '-w', '-t', String(READY_TIMEOUT_S)]);
        break;
      } catch (error) {
        const busy = existsSync(logFile) && /could not bind|address already in use/i.test(readFileSync(logFile, 'utf8'));
        if (!busy || attempt === 3) throw failure('pg_ctl start', error);
        log(`pg-temp: port ${port} was taken meanwhile; trying another`);
      }
    }
    const startMs = performance.now() - t1;

    // pg_ctl -w waits for "ready"; the retry loop covers the rest (and proves TCP works).
    const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const deadline = Date.now() + READY_TIMEOUT_S * 1000;
    let version;
    for (;;) {
      const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 2000 });
      try {
        await client.connect();
        await client.query('CREATE DATABASE feedback');
        version = (await client.query('SHOW server_version')).rows[0].server_version;
        break;
      } catch (error) {
        if (Date.now() > deadline) throw failure('connecting', error);
        await sleep(100);
      } finally {
        await client.end().catch(() => {});
      }
    }
    state = 'running';
    const startupMs = Math.round(performance.now() - started);
    const steps = `initdb ${Math.round(initMs)} ms, start ${Math.round(startMs)} ms`;
    log(`pg-temp: PostgreSQL ${version} on 127.0.0.1:${port} in ${startupMs} ms (${steps})${asRoot ? ', as user postgres' : ''}`);
    return { url: `postgres://postgres@127.0.0.1:${port}/feedback`, port, dir, version, startupMs, stop };
  } catch (error) {
    state = 'running';
    await stop();
    throw error;
  }
}

// `node scripts/pg-temp.mjs`: one server until Ctrl-C.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Our handlers come first, so the library's own ones see a stop under way and leave it to us.
  let server;
  const quit = async () => {
    await server?.stop();
    console.log('pg-temp: stopped, files removed');
    process.exit(0);
  };
  process.once('SIGINT', quit);
  process.once('SIGTERM', quit);
  try {
    server = await startTempPostgres();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
  console.log(`DATABASE_URL=${server.url}`);
  console.log('Ctrl-C stops the server and deletes its files.');
  setInterval(() => {}, 1 << 30); // keep the process alive
}
