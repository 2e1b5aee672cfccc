/**
 * A real `redis-server` for the tests: loopback only, a free random port, no persistence, stopped
 * after. `npm test` installs Debian's redis-server when missing and sets BYNET_TEST_NO_REDIS=1 if
 * it could not; then the Redis suites are skipped with `REDIS_SKIP` as the reason.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../../support/net.js';

export const REDIS_AVAILABLE =
  !process.env['BYNET_TEST_NO_REDIS'] && spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status === 0;

export const REDIS_SKIP: string | false = REDIS_AVAILABLE
  ? false
  : 'redis-server is not available (install Debian package "redis-server"; `npm test` does it as root); Redis tests skipped';

export interface RedisProcess {
  port: number;
  url: string;
  /** A new ioredis client on this server (closed by `stop`). */
  client(): Redis;
  /** SIGKILL, as a crash: the data folder stays, for `startRedis({ port, dir })`. */
  crash(): Promise<void>;
  stop(): Promise<void>;
  /** The data folder (AOF / RDB files). */
  dir: string;
}

export interface RedisStartOptions {
  /** Append-only file with fsync on every write (the persistence the README asks for). */
  aof?: boolean;
  /** Restart on this port and folder (after `crash`). */
  port?: number;
  dir?: string;
}


function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    let buf = '';
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(500, () => done(false));
    sock.once('error', () => done(false));
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.on('data', (c) => {
      buf += c.toString('utf8');
      if (buf.includes('\r\n')) done(buf.startsWith('+PONG'));
    });
  });
}

export async function startRedis(o: RedisStartOptions = {}): Promise<RedisProcess> {
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'bynet-redis-'));
  const persistence = o.aof ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = o.port ?? (await freePort());
    const proc: ChildProcess = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir, '--loglevel', 'warning'],
      { stdio: 'ignore' },
    );
    let exited = false;
    proc.once('exit', () => (exited = true));
    const end = Date.now() + 5000;
    let up = false;
    while (!exited && Date.now() < end) {
      if (await ping(port)) {
        up = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    if (!up) {
      proc.kill('SIGKILL');
      continue; // port taken meanwhile, or a slow start: try another port
    }
    const clients: Redis[] = [];
    return {
      port,
      dir,
      url: `redis://127.0.0.1:${port}`,
      async crash() {
        if (exited) return;
        const gone = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGKILL');
        await gone;
      },
      client() {
        const c = new Redis({ host: '127.0.0.1', port, lazyConnect: false, maxRetriesPerRequest: 2 });
        c.on('error', () => undefined); // shutdown noise; commands still reject
        clients.push(c);
        return c;
      },
      async stop() {
        for (const c of clients) c.disconnect();
        if (!exited) {
          const gone = new Promise((r) => proc.once('exit', r));
          proc.kill('SIGTERM');
          await gone;
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error('redis-server did not start');
}
