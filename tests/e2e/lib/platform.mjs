// A fresh database from TEST_DATABASE_URL and the real todo-platform binary
// on a free port, torn down afterwards.

import { execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function psqlBinary() {
  const dir = process.env.TEST_PG_BIN;
  if (dir && fs.existsSync(path.join(dir, 'psql'))) return path.join(dir, 'psql');
  return 'psql';
}

async function psql(url, sql) {
  const { stdout } = await run(psqlBinary(), [url, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql], { timeout: 30_000 });
  return stdout.trim();
}

/** Same server, other database: replaces the path of a postgresql:// URL. */
function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createDatabase(adminUrl) {
  const name = `e2e_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  await psql(adminUrl, `CREATE DATABASE ${name}`);
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: () => psql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * Starts the platform and resolves once it printed its "listening" line.
 * Everything it prints goes to `logFile`.
 */
export function startPlatform({ bin, databaseUrl, webRoot, logFile, startTimeoutMs = 30_000 }) {
  const log = fs.createWriteStream(logFile);
  const child = spawn(bin, [], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      JWT_SECRET: crypto.randomBytes(32).toString('hex'),
      PORT: '0',
      WEB_ROOT: webRoot,
      LOG_FORMAT: 'text',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });
  child.stderr.pipe(log, { end: false });

  const ready = new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`todo-platform did not print its listening line within ${startTimeoutMs} ms (log: ${logFile})`)), startTimeoutMs);
    child.stdout.on('data', (chunk) => {
      log.write(chunk);
      buffer += chunk.toString();
      const m = /todo-platform listening on http:\/\/[^:\s]+:(\d+)/.exec(buffer);
      if (m) {
        clearTimeout(timer);
        buffer = '';
        resolve(Number(m[1]));
      } else if (buffer.length > 1 << 20) buffer = buffer.slice(-4096);
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${bin}: ${e.message}`));
    });
    exitPromise.then((x) => {
      clearTimeout(timer);
      reject(new Error(`todo-platform exited before listening (code ${x.code}, signal ${x.signal}); see ${logFile}`));
    });
  });

  async function stop() {
    if (!exited) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitPromise;
      clearTimeout(killer);
    }
    await new Promise((r) => log.end(r));
    return exited;
  }

  return {
    ready: ready.then((port) => ({ port, url: `http://127.0.0.1:${port}` })),
    stop,
    pid: child.pid,
    exited: () => exited,
  };
}
