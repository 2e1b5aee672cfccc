/**
 * Injected faults on gateway calls: latency, an error status, a 429 with `Retry-After`, a
 * timeout (no answer until the client aborts) or a dropped connection (`reset`), optionally
 * limited to the next `times` calls. With `afterCommit` the call is performed first and only its
 * answer is lost (replaced by `status`, or by a dropped connection).
 */
import type { Fault, FaultSpec } from './types.js';
import { SandboxError } from './util.js';

/** `'<METHOD> <pattern>'`, `'<pattern>'` or `'*'`; `*` = one path segment, `**` = anything. */
export function compileRoute(route: string): (method: string, path: string) => boolean {
  const r = route.trim();
  if (r === '*' || r === '* **' || r === '**') return () => true;
  const m = /^(?:([A-Za-z*]+)\s+)?(\/\S*)$/.exec(r);
  if (!m) throw new SandboxError(400, 'route deve ser "<MÉTODO> <caminho>" ou "*"');
  const method = (m[1] ?? '*').toUpperCase();
  const source = m[2]!
    .replace(/\/+$/, '')
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${source}/?$`);
  return (meth, path) => (method === '*' || method === meth.toUpperCase()) && re.test(path);
}

function checkSpec(s: unknown): FaultSpec {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) throw new SandboxError(400, 'fault deve ser um objeto');
  const o = s as Record<string, unknown>;
  const allowed = ['route', 'latencyMs', 'status', 'timeout', 'rateLimit', 'times', 'afterCommit', 'reset'];
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new SandboxError(400, `campo desconhecido: ${k}`);
  if (typeof o.route !== 'string' || !o.route.trim()) throw new SandboxError(400, 'route é obrigatório');
  const spec: FaultSpec = { route: o.route.trim() };
  const int = (k: string, min: number, max: number): number | undefined => {
    const v = o[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new SandboxError(400, `${k} deve ser um inteiro entre ${min} e ${max}`);
    return v;
  };
  const latencyMs = int('latencyMs', 0, 600_000);
  const status = int('status', 400, 599);
  const times = int('times', 1, 1_000_000);
  if (latencyMs !== undefined) spec.latencyMs = latencyMs;
  if (status !== undefined) spec.status = status;
  if (times !== undefined) spec.times = times;
  if (o.timeout !== undefined) {
    if (typeof o.timeout !== 'boolean') throw new SandboxError(400, 'timeout deve ser booleano');
    spec.timeout = o.timeout;
  }
  if (o.rateLimit !== undefined) {
    const rl = o.rateLimit as Record<string, unknown> | null;
    const ra = rl && typeof rl === 'object' ? rl.retryAfter : undefined;
    if (typeof ra !== 'number' || !Number.isInteger(ra) || ra < 0) throw new SandboxError(400, 'rateLimit.retryAfter deve ser um inteiro >= 0');
    spec.rateLimit = { retryAfter: ra };
  }
  for (const k of ['afterCommit', 'reset'] as const) {
    if (o[k] === undefined) continue;
    if (typeof o[k] !== 'boolean') throw new SandboxError(400, `${k} deve ser booleano`);
    spec[k] = o[k];
  }
  if (spec.reset) {
    if (spec.status !== undefined) throw new SandboxError(400, 'reset não pode ser combinado com status: use um ou outro');
    if (spec.timeout || spec.rateLimit) throw new SandboxError(400, 'reset não pode ser combinado com timeout nem com rateLimit');
  }
  if (spec.afterCommit) {
    if (spec.timeout || spec.rateLimit) throw new SandboxError(400, 'afterCommit não pode ser combinado com timeout nem com rateLimit');
    if (spec.status === undefined && !spec.reset) throw new SandboxError(400, 'afterCommit exige status ou reset: true');
  }
  return spec;
}

export class Faults {
  list: Fault[] = [];
  private matchers = new Map<number, (method: string, path: string) => boolean>();
  private nextId = 1;

  add(input: unknown): Fault {
    const spec = checkSpec(input);
    const matcher = compileRoute(spec.route);
    const fault: Fault = { ...spec, id: this.nextId++, hits: 0 };
    this.list.push(fault);
    this.matchers.set(fault.id, matcher);
    return fault;
  }

  clear(): void {
    this.list = [];
    this.matchers.clear();
  }

  /**
   * Faults that apply to this call, in the order they were added. Each one counts the call;
   * a fault whose `times` is used up is removed.
   */
  take(method: string, path: string): Fault[] {
    const hit = this.list.filter((f) => this.matchers.get(f.id)!(method, path));
    for (const f of hit) {
      f.hits++;
      if (f.times !== undefined && f.hits >= f.times) {
        this.list = this.list.filter((x) => x !== f);
        this.matchers.delete(f.id);
      }
    }
    return hit.map((f) => ({ ...f }));
  }
}
