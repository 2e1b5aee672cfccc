/**
 * Control routes under `/__sandbox/`. They exist only in this simulator (the real gateway has
 * nothing like them) and need no API key. Answers are plain JSON, not the gateway envelope.
 *
 * They change what buyers see (pay, refuse, expire, faults) and list buyers' payment ids (call
 * log, state), so a browser may reach them only from the sandbox's own origin (or the demo's, which
 * forwards them without the browser's headers): a request whose `Origin` is another origin, or
 * whose `Sec-Fetch-Site` is `same-site` / `cross-site`, gets 403. Requests without either header
 * (server-side tools and tests) pass. A body must be `application/json` (415 otherwise), so a
 * cross-site "simple" `text/plain` or form POST never gets through.
 */
import { TEST_CARDS } from './seed.js';
import type { FaultSpec, Sandbox } from './types.js';
import { SandboxError, json } from './util.js';
import { isObj } from './validate.js';

/** `Sec-Fetch-Site` values of a request a page of the same origin (or the user's own address bar) made. */
const SAME_ORIGIN_FETCH = new Set(['same-origin', 'none']);

/**
 * 403 for a browser request from another origin; `null` when it may proceed. `allowedOrigins` are
 * the origins (`scheme://host[:port]`) whose pages may call the control routes; a request without
 * `Origin` and `Sec-Fetch-Site` is not a cross-site browser request and passes.
 */
export function refuseCrossSite(req: Request, allowedOrigins: readonly string[]): Response | null {
  const site = req.headers.get('sec-fetch-site');
  if (site !== null && !SAME_ORIGIN_FETCH.has(site.trim().toLowerCase())) {
    return json({ error: 'forbidden', message: 'Sandbox control routes accept same-origin requests only.' }, 403);
  }
  const origin = req.headers.get('origin');
  if (origin !== null && !allowedOrigins.includes(origin.trim().toLowerCase())) {
    return json({ error: 'forbidden', message: 'Sandbox control routes accept same-origin requests only.' }, 403);
  }
  return null;
}

/** True for `application/json` (any parameters, any case); false for `text/plain`, `application/x-json`... */
export function isJsonContentType(value: string): boolean {
  return value.split(';', 1)[0]!.trim().toLowerCase() === 'application/json';
}

/** Control bodies are small JSON objects. */
const MAX_CONTROL_BODY = 64 * 1024;

/**
 * The request's body, parsed: `undefined` when empty. A `Content-Type` other than
 * `application/json`, or a non-empty body without one, is refused with 415 (a POST without a body
 * and without a `Content-Type`, `fetch(url, { method: 'POST' })` from a test, passes).
 */
async function readControlBody(req: Request): Promise<unknown> {
  const type = req.headers.get('content-type');
  if (type !== null && !isJsonContentType(type)) {
    await req.body?.cancel().catch(() => undefined);
    throw new SandboxError(415, 'Sandbox control routes accept application/json bodies only.');
  }
  const text = await req.text();
  if (text.length > MAX_CONTROL_BODY) throw new SandboxError(413, 'body too large');
  if (text.trim() === '') return undefined;
  if (type === null) throw new SandboxError(415, 'Sandbox control routes accept application/json bodies only.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SandboxError(400, 'body is not valid JSON');
  }
}

function asObject(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (!isObj(body)) throw new SandboxError(400, 'body must be a JSON object');
  return body;
}

/** Answers one `/__sandbox/...` request; `path` is relative to the base path. */
export async function routeControl(sb: Sandbox, req: Request, path: string, allowedOrigins: readonly string[]): Promise<Response> {
  const method = req.method.toUpperCase();
  const p = path.replace(/\/+$/, '');
  const refused = refuseCrossSite(req, allowedOrigins);
  if (refused) {
    await req.body?.cancel().catch(() => undefined);
    return refused;
  }
  try {
    // every body is read (and its type checked) before anything is done, even where it is ignored
    const body = method === 'GET' || method === 'HEAD' ? undefined : await readControlBody(req);
    const tx = /^\/__sandbox\/transactions\/([^/]+)\/(pay|refuse|expire)$/.exec(p);
    if (tx && method === 'POST') {
      const id = decodeURIComponent(tx[1]!);
      const action = tx[2]!;
      if (action === 'pay') return json({ transaction: sb.pay(id) });
      if (action === 'expire') return json({ transaction: sb.expire(id) });
      const fields = asObject(body);
      if (fields.reason !== undefined && typeof fields.reason !== 'string') throw new SandboxError(400, 'reason must be a string');
      return json({ transaction: sb.refuse(id, fields.reason as string | undefined) });
    }
    switch (`${method} ${p}`) {
      case 'GET /__sandbox/calls':
        return json({ calls: sb.calls });
      case 'DELETE /__sandbox/calls':
        sb.clearCalls();
        return json({ calls: [] });
      case 'GET /__sandbox/faults':
        return json({ faults: sb.state.faults });
      case 'POST /__sandbox/faults': {
        return json({ fault: sb.setFault(body as FaultSpec) }, 201);
      }
      case 'DELETE /__sandbox/faults':
        sb.clearFaults();
        return json({ faults: [] });
      case 'GET /__sandbox/postbacks':
        return json({ settings: { duplicates: sb.state.postbacks.duplicates, outOfOrder: sb.state.postbacks.outOfOrder }, held: sb.state.postbacks.held, deliveries: sb.deliveries });
      case 'POST /__sandbox/postbacks': {
        const fields = asObject(body);
        for (const k of Object.keys(fields)) if (k !== 'duplicates' && k !== 'outOfOrder' && k !== 'onlyStatuses') throw new SandboxError(400, `unknown field: ${k}`);
        const d = fields.duplicates;
        if (d !== undefined && (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > 20)) throw new SandboxError(400, 'duplicates must be an integer from 1 to 20');
        if (fields.outOfOrder !== undefined && typeof fields.outOfOrder !== 'boolean') throw new SandboxError(400, 'outOfOrder must be a boolean');
        const only = fields.onlyStatuses;
        if (only !== undefined && only !== null && (!Array.isArray(only) || !only.every((x) => typeof x === 'string'))) throw new SandboxError(400, 'onlyStatuses must be a list of strings, or null for every status');
        const settings: { duplicates?: number; outOfOrder?: boolean; onlyStatuses?: string[] | null } = {};
        if (only !== undefined) settings.onlyStatuses = only as string[] | null;
        if (d !== undefined) settings.duplicates = d;
        if (fields.outOfOrder !== undefined) settings.outOfOrder = fields.outOfOrder;
        return json({ settings: sb.setPostbacks(settings) });
      }
      case 'POST /__sandbox/postbacks/release':
        await sb.releasePostbacks();
        return json({ released: true, deliveries: sb.deliveries });
      case 'GET /__sandbox/strict':
        return json({ strict: sb.strict });
      case 'POST /__sandbox/strict': {
        const fields = asObject(body);
        for (const k of Object.keys(fields)) if (k !== 'strict') throw new SandboxError(400, `unknown field: ${k}`);
        if (typeof fields.strict !== 'boolean') throw new SandboxError(400, 'strict must be a boolean');
        return json({ strict: sb.setStrict(fields.strict) });
      }
      case 'POST /__sandbox/reset':
        sb.reset();
        return json({ reset: true });
      case 'GET /__sandbox/state':
        return json(sb.counts());
      case 'GET /__sandbox/cards':
        return json({ cards: TEST_CARDS });
      default:
        return json({ error: 'not_found', message: `No control route ${method} ${p}` }, 404);
    }
  } catch (e) {
    if (e instanceof SandboxError) {
      const code = e.status === 404 ? 'not_found' : e.status === 409 ? 'conflict' : e.status === 415 ? 'unsupported_media_type' : e.status === 413 ? 'payload_too_large' : 'invalid_request';
      return json({ error: code, message: e.message }, e.status);
    }
    throw e;
  }
}
