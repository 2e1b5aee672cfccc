/**
 * Control routes under `/__sandbox/`. They exist only in this simulator (the real gateway has
 * nothing like them) and need no API key. Answers are plain JSON, not the gateway envelope.
 */
import { TEST_CARDS } from './seed.js';
import type { FaultSpec, Sandbox } from './types.js';
import { SandboxError, json } from './util.js';
import { readJson } from './routes.js';
import { isObj } from './validate.js';

async function optionalObject(req: Request): Promise<Record<string, unknown>> {
  const body = await readJson(req);
  if (body === undefined) return {};
  if (!isObj(body)) throw new SandboxError(400, 'body must be a JSON object');
  return body;
}

/** Answers one `/__sandbox/...` request; `path` is relative to the base path. */
export async function routeControl(sb: Sandbox, req: Request, path: string): Promise<Response> {
  const method = req.method.toUpperCase();
  const p = path.replace(/\/+$/, '');
  try {
    const tx = /^\/__sandbox\/transactions\/([^/]+)\/(pay|refuse|expire)$/.exec(p);
    if (tx && method === 'POST') {
      const id = decodeURIComponent(tx[1]!);
      const action = tx[2]!;
      if (action === 'pay') return json({ transaction: sb.pay(id) });
      if (action === 'expire') return json({ transaction: sb.expire(id) });
      const body = await optionalObject(req);
      if (body.reason !== undefined && typeof body.reason !== 'string') throw new SandboxError(400, 'reason must be a string');
      return json({ transaction: sb.refuse(id, body.reason as string | undefined) });
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
        const body = await readJson(req);
        return json({ fault: sb.setFault(body as FaultSpec) }, 201);
      }
      case 'DELETE /__sandbox/faults':
        sb.clearFaults();
        return json({ faults: [] });
      case 'GET /__sandbox/postbacks':
        return json({ settings: { duplicates: sb.state.postbacks.duplicates, outOfOrder: sb.state.postbacks.outOfOrder }, held: sb.state.postbacks.held, deliveries: sb.deliveries });
      case 'POST /__sandbox/postbacks': {
        const body = await optionalObject(req);
        for (const k of Object.keys(body)) if (k !== 'duplicates' && k !== 'outOfOrder') throw new SandboxError(400, `unknown field: ${k}`);
        const d = body.duplicates;
        if (d !== undefined && (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > 20)) throw new SandboxError(400, 'duplicates must be an integer from 1 to 20');
        if (body.outOfOrder !== undefined && typeof body.outOfOrder !== 'boolean') throw new SandboxError(400, 'outOfOrder must be a boolean');
        const settings: { duplicates?: number; outOfOrder?: boolean } = {};
        if (d !== undefined) settings.duplicates = d;
        if (body.outOfOrder !== undefined) settings.outOfOrder = body.outOfOrder;
        return json({ settings: sb.setPostbacks(settings) });
      }
      case 'POST /__sandbox/postbacks/release':
        await sb.releasePostbacks();
        return json({ released: true, deliveries: sb.deliveries });
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
      const code = e.status === 404 ? 'not_found' : e.status === 409 ? 'conflict' : 'invalid_request';
      return json({ error: code, message: e.message }, e.status);
    }
    throw e;
  }
}
