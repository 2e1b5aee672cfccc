/**
 * `createSandbox`: the Bynet gateway simulator as one Web-standard handler
 * `(req: Request) => Promise<Response>`. See `index.ts` for the overview.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { LOGO_SVG, boletoPdf } from './assets.js';
import { routeControl } from './control.js';
import { Engine } from './engine.js';
import { Faults } from './faults.js';
import { Postbacker } from './postbacks.js';
import { routeGateway, txJson } from './routes.js';
import { transactionJson } from './shapes.js';
import type { CallRecord, Fault, FaultSpec, GatewayStatus, PostbackSettings, Sandbox, SandboxCounts, SandboxOptions, SandboxState, TransactionRecord } from './types.js';
import { SandboxError, brl, cryptoRandom, droppedResponse, fail, isDroppedResponse, json, sleep } from './util.js';

const DEFAULT_USER_AGENT = 'AtivoB2B/1.0';

/** Compares two strings in time independent of where they differ. */
function sameSecret(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a.charCodeAt(i % (a.length || 1)) || 0) ^ b.charCodeAt(i);
  return diff === 0;
}

function normaliseBasePath(p: string | undefined): string {
  if (!p || p === '/') return '';
  return `/${p.replace(/^\/+|\/+$/g, '')}`;
}

export function createSandbox(o: SandboxOptions): Sandbox {
  if (!o || typeof o.apiKey !== 'string' || o.apiKey.length === 0) throw new TypeError('createSandbox: apiKey is required');
  const apiKey = o.apiKey;
  const userAgent = o.userAgent ?? DEFAULT_USER_AGENT;
  const basePath = normaliseBasePath(o.basePath);
  const publicUrl = o.publicUrl?.replace(/\/+$/, '');
  const allowedHostnames = o.allowedHostnames ?? ['localhost', '127.0.0.1'];
  const now = o.now ?? Date.now;
  const random = o.random ?? cryptoRandom;
  const log = o.log ?? (() => undefined);
  // Boleto PDF links carry an HMAC of the transaction id: the PDF shows the payer's name and CPF,
  // so holding a transaction id is not enough to read it.
  const linkSecret = o.linkSecret ?? randomBytes(32).toString('base64url');
  const linkSig = (id: string) => createHmac('sha256', linkSecret).update(`boleto-pdf:${id}`).digest('base64url');
  const validLinkSig = (id: string, sig: string | null): boolean => {
    if (!sig) return false;
    const want = Buffer.from(linkSig(id));
    const got = Buffer.from(sig);
    return got.length === want.length && timingSafeEqual(got, want);
  };
  // Pages allowed to call the control routes: the sandbox's own origin (from the request) and
  // that of its public URL.
  const publicOrigin = publicUrl ? new URL(publicUrl).origin.toLowerCase() : undefined;

  let calls: CallRecord[] = [];
  const faults = new Faults();
  const hanging = new Set<() => void>();

  const postbacks = new Postbacker({
    fetch: () => o.fetch ?? globalThis.fetch,
    timeoutMs: o.postbackTimeoutMs ?? 5000,
    log,
    secret: o.postbackSecret,
  });
  let strict = o.strict === true;

  const engine: Engine = new Engine({
    now,
    random,
    pixExpiresInSeconds: o.pixExpiresInSeconds ?? 900,
    boletoDueDays: o.boletoDueDays ?? 3,
    processingDelayMs: o.processingDelayMs ?? 3000,
    boletoLinkSig: linkSig,
    transactionId: o.transactionId,
    onStatus: (tx) => {
      const destinations = [
        tx.postbackUrl ?? '',
        ...[...engine.webhooks.values()].filter((w) => w.type === 'TRANSACTION').map((w) => w.url),
        o.postbackUrl ?? '',
      ];
      postbacks.emit(transactionJson(tx, strict), destinations);
    },
  });

  function snapshot(): SandboxState {
    engine.tick();
    return structuredClone({
      products: [...engine.products.values()],
      layouts: [...engine.layouts.values()],
      customers: [...engine.customers.values()],
      orders: [...engine.orders.values()],
      transactions: [...engine.transactions.values()],
      webhooks: [...engine.webhooks.values()],
      faults: faults.list,
      postbacks: { ...postbacks.settings, held: postbacks.heldCount, deliveries: postbacks.deliveries },
    });
  }

  function counts(): SandboxCounts {
    engine.tick();
    const byStatus: Partial<Record<GatewayStatus, number>> = {};
    for (const tx of engine.transactions.values()) byStatus[tx.status] = (byStatus[tx.status] ?? 0) + 1;
    return {
      orders: engine.orders.size,
      transactions: engine.transactions.size,
      byStatus,
      customers: engine.customers.size,
      webhooks: engine.webhooks.size,
      calls: calls.length,
      postbacksDelivered: postbacks.deliveries.length,
      postbacksHeld: postbacks.heldCount,
    };
  }

  const faultMessage = (status: number): string =>
    status === 503 ? 'Serviço indisponível. Tente novamente mais tarde.' : status >= 500 ? 'Erro interno do servidor.' : 'Falha simulada pelo sandbox.';

  /**
   * Applies the faults matching this call that act before it is performed (latency, then the
   * first of timeout / rateLimit / reset / status without `afterCommit`). A Response ends the
   * call unperformed; `null` means "carry on".
   */
  async function applyFaults(req: Request, hit: readonly Fault[], call: CallRecord): Promise<Response | null> {
    const latency = hit.reduce((sum, f) => sum + (f.latencyMs ?? 0), 0);
    if (latency > 0) await sleep(latency, req.signal);
    if (req.signal.aborted) return fail(504, 'A requisição foi cancelada pelo cliente.');
    const effect = hit.find((f) => !f.afterCommit && (f.timeout || f.rateLimit || f.reset || f.status !== undefined));
    if (!effect) return null;
    if (effect.timeout) {
      await new Promise<void>((resolve) => {
        const done = () => {
          hanging.delete(done);
          req.signal.removeEventListener('abort', done);
          resolve();
        };
        hanging.add(done);
        req.signal.addEventListener('abort', done, { once: true });
      });
      call.status = 0;
      return fail(504, 'Tempo de resposta esgotado.');
    }
    if (effect.rateLimit) {
      return fail(429, 'Muitas requisições. Tente novamente mais tarde.', { 'retry-after': String(effect.rateLimit.retryAfter) });
    }
    if (effect.reset) return droppedResponse();
    const status = effect.status!;
    return fail(status, faultMessage(status));
  }

  /** An `afterCommit` fault: the call was performed (`res` is its real answer), now its answer is lost. */
  function loseAnswer(fault: Fault, res: Response, call: CallRecord): Response {
    call.committedStatus = res.status;
    void res.body?.cancel().catch(() => undefined);
    if (fault.reset) return droppedResponse();
    return fail(fault.status!, faultMessage(fault.status!));
  }

  function serveAsset(method: string, path: string, url: URL, baseUrl: string): Response | null {
    if (method !== 'GET' && method !== 'HEAD') return null;
    if (path === '/assets/logo.svg') {
      return new Response(method === 'HEAD' ? null : LOGO_SVG, {
        headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'public, max-age=3600' },
      });
    }
    const pdf = /^\/boleto\/([^/]+)\.pdf$/.exec(path);
    if (pdf) {
      // an unsigned or forged link: refused before the id is looked up (says nothing about it)
      if (!validLinkSig(pdf[1]!, url.searchParams.get('sig'))) return json({ error: 'forbidden', message: 'Link do boleto inválido.' }, 403);
      const tx = engine.transactions.get(pdf[1]!);
      if (!tx || !tx.boleto) return json({ error: 'not_found', message: 'Boleto não encontrado' }, 404);
      const bytes = boletoPdf({
        digitableLine: tx.boleto.digitableLine,
        barcode: tx.boleto.barcode,
        amount: brl(tx.amount),
        dueDate: tx.boleto.expirationDate.slice(0, 10).split('-').reverse().join('/'),
        payer: `${tx.customer.name} - ${tx.customer.document.type} ${tx.customer.document.number}`,
        beneficiary: 'Bynet Sandbox (simulador)',
        instructions: tx.boleto.instructions,
      });
      return new Response(method === 'HEAD' ? null : (bytes as Uint8Array<ArrayBuffer>), {
        headers: {
          'content-type': 'application/pdf',
          'content-length': String(bytes.length),
          'content-disposition': `inline; filename="boleto-${tx.id}.pdf"`,
          'cache-control': 'private, no-store',
          'referrer-policy': 'no-referrer',
          'x-content-type-options': 'nosniff',
        },
      });
    }
    // Location of the dynamic PIX code. ASSUMPTION: plain JSON, not the signed JWS a real PSP serves.
    const loc = /^\/pix\/qr\/([A-Za-z0-9]+)$/.exec(path);
    if (loc) {
      engine.tick();
      const tx = [...engine.transactions.values()].find((t) => t.id.replace(/-/g, '') === loc[1] && t.pix);
      if (!tx) return json({ error: 'not_found' }, 404);
      return json({
        txid: loc[1],
        status: tx.status === 'PAID' ? 'CONCLUIDA' : tx.status === 'WAITING_PAYMENT' ? 'ATIVA' : 'REMOVIDA_PELO_PSP',
        valor: { original: (tx.amount / 100).toFixed(2) },
        calendario: { criacao: tx.createdAt, expiracao: Math.max(0, Math.round((Date.parse(tx.pix!.expirationDate) - Date.parse(tx.createdAt)) / 1000)) },
        location: `${baseUrl}/pix/qr/${loc[1]}`,
      });
    }
    return null;
  }

  async function handleGateway(req: Request, method: string, path: string, url: URL, baseUrl: string): Promise<Response> {
    const call: CallRecord = { method, path, query: url.search.replace(/^\?/, ''), status: 0 };
    calls.push(call);
    const started = Date.now();
    const hit = faults.take(method, path);
    let res: Response | null = null;
    let performed = false;
    try {
      if (hit.length) res = await applyFaults(req, hit, call);
      if (!res) {
        performed = true;
        res = await answer(req, method, path, url, baseUrl);
      }
    } catch (e) {
      if (e instanceof SandboxError) res = fail(e.status, e.message);
      else if (e instanceof URIError) res = fail(400, 'URL inválida.');
      else {
        log(`${method} ${path} -> 500 (internal error: ${e instanceof Error ? e.name : 'unknown'})`);
        res = fail(500, 'Erro interno do servidor.');
      }
    }
    const after = performed ? hit.find((f) => f.afterCommit) : undefined;
    if (after) res = loseAnswer(after, res, call);
    if (isDroppedResponse(res)) call.status = 0;
    else if (!(res.status === 504 && req.signal.aborted)) call.status = res.status;
    const committed = call.committedStatus !== undefined ? `, performed as ${call.committedStatus}` : '';
    log(`${method} ${path} -> ${call.status || 'no answer'}${committed} (${Date.now() - started} ms)`);
    return res;
  }

  async function answer(req: Request, method: string, path: string, url: URL, baseUrl: string): Promise<Response> {
    if (path === '/api' || path.startsWith('/api/')) {
      const key = req.headers.get('x-api-key') ?? '';
      const ua = req.headers.get('user-agent') ?? '';
      // INVENTED text and body (the docs list 401 without a body)
      if (!sameSecret(key, apiKey) || ua !== userAgent) return fail(401, 'Não autorizado');
    }
    if (!path.startsWith('/api/')) return fail(404, `Rota não encontrada: ${method} ${path}`);
    return routeGateway({ engine, req, method, path, query: url.searchParams, baseUrl, allowedHostnames, now, random, strict });
  }

  const sandbox: Sandbox = {
    async handle(req: Request): Promise<Response> {
      const url = new URL(req.url);
      const method = req.method.toUpperCase();
      let path = url.pathname;
      if (basePath) {
        if (path !== basePath && !path.startsWith(`${basePath}/`)) return fail(404, `Rota não encontrada: ${method} ${path}`);
        path = path.slice(basePath.length) || '/';
      }
      const baseUrl = publicUrl ?? `${url.origin}${basePath}`;
      if (path === '/__sandbox' || path.startsWith('/__sandbox/')) {
        const own = url.origin.toLowerCase();
        return routeControl(sandbox, req, path, publicOrigin && publicOrigin !== own ? [own, publicOrigin] : [own]);
      }
      const asset = serveAsset(method, path, url, baseUrl);
      if (asset) return asset;
      return handleGateway(req, method, path, url, baseUrl);
    },
    get state() {
      return snapshot();
    },
    get calls() {
      return calls.map((c) => ({ ...c }));
    },
    get deliveries() {
      return postbacks.deliveries.map((d) => ({ ...d }));
    },
    reset() {
      // registered webhooks are the merchant's configuration, not test data: they stay
      const webhooks = engine.webhooks;
      engine.seed();
      engine.webhooks = webhooks;
      calls = [];
      faults.clear();
      postbacks.reset();
    },
    counts,
    pay: (id) => snapshotTx(engine.pay(id)),
    refuse: (id, reason) => snapshotTx(engine.refuse(id, reason)),
    expire: (id) => snapshotTx(engine.expire(id)),
    refund: (id, amount) => snapshotTx(engine.refund(id, amount)),
    setFault: (spec: FaultSpec): Fault => ({ ...faults.add(spec) }),
    clearFaults: () => faults.clear(),
    setPostbacks(s: Partial<PostbackSettings>): PostbackSettings {
      if (s.duplicates !== undefined) {
        if (!Number.isInteger(s.duplicates) || s.duplicates < 1) throw new SandboxError(400, 'duplicates must be an integer >= 1');
        postbacks.settings.duplicates = s.duplicates;
      }
      if (s.outOfOrder !== undefined) {
        const wasHolding = postbacks.settings.outOfOrder;
        postbacks.settings.outOfOrder = s.outOfOrder;
        // Turning the mode off releases what was held (newest first).
        if (wasHolding && !s.outOfOrder) void postbacks.release();
      }
      if (s.onlyStatuses === null) delete postbacks.settings.onlyStatuses;
      else if (s.onlyStatuses !== undefined) {
        if (!Array.isArray(s.onlyStatuses) || !s.onlyStatuses.every((x) => typeof x === 'string' && /^[a-z_]{1,32}$/i.test(x))) {
          throw new SandboxError(400, 'onlyStatuses must be a list of status names');
        }
        postbacks.settings.onlyStatuses = s.onlyStatuses.map((x) => x.toLowerCase());
      }
      return { ...postbacks.settings };
    },
    setStrict(on: boolean): boolean {
      strict = on === true;
      return strict;
    },
    get strict() {
      return strict;
    },
    releasePostbacks: () => postbacks.release(),
    idle: () => postbacks.idle(),
    clearCalls() {
      calls = [];
    },
    dispose() {
      engine.stopTimers();
      postbacks.dispose();
      for (const release of [...hanging]) release();
    },
  };
  return sandbox;
}

const snapshotTx = (tx: TransactionRecord): TransactionRecord => txJson(tx);
