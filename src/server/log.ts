/**
 * Structured, scrubbed logging for the helper. Every line is one JSON object; before it is written,
 * `scrub()` removes secrets and personal data (API key, card number and CVV, CPF/CNPJ, e-mail,
 * phone) both by key name and by value pattern, so a careless `details` object cannot leak them.
 */

/** Receives one JSON line (already scrubbed, no trailing newline). */
export type LogSink = (line: string) => void;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

const REDACTED = '[redacted]';

/**
 * Keys whose values are never logged, whatever they hold. Matched case-insensitively against the
 * key with `_` and `-` removed.
 */
const SECRET_KEY =
  /^(x?api ?key|apikey|key|secret|tokensecret|token|checkouttoken|xcheckouttoken|authorization|cookie|setcookie|password|pass|cvv|cvc|csc|securitycode|card|cardnumber|number|pan|holdername|holder|document|documentnumber|cpf|cnpj|email|mail|phone|mobile|fullname|name|street|streetnumber|address|zipcode|cep|ip|birthdate|expirationmonth|expirationyear|expmonth|expyear|fingerprint|qrcode|payload)$/;

/** Keys that look sensitive by pattern but are known-safe identifiers. */
const SAFE_KEY = /^(idempotencykey|keyid|tokenkind|code|event|level|route|method|status|path)$/;

function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_\s]/g, '');
  if (SAFE_KEY.test(k)) return false;
  return SECRET_KEY.test(k);
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

const PAN_LIKE = /(?<![\d])\d(?:[ -]?\d){11,18}(?![\d])/g;
const CPF_FORMATTED = /\b\d{3}\.\d{3}\.\d{3}-\d{2}\b/g;
const CNPJ_FORMATTED = /\b[0-9A-Z]{2}\.[0-9A-Z]{3}\.[0-9A-Z]{3}\/[0-9A-Z]{4}-\d{2}\b/g;
const BARE_DOC_OR_PHONE = /(?<![\d])(?:\d{10,11}|\d{14})(?![\d])/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE_FORMATTED = /\(?\b\d{2}\)?[ ]?9?\d{4}-\d{4}\b/g;
const CVV_PAIR = /("?(?:cvv|cvc|securityCode|security_code)"?\s*[:=]\s*"?)\d{3,4}/gi;
const KEY_PAIR = /("?(?:x-api-key|apiKey|api_key)"?\s*[:=]\s*"?)[^"\s,}]+/gi;

/** UUIDs (payment, order and transaction ids) are identifiers, not documents or phones. */
const UUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;

/**
 * Removes card numbers, CVVs, documents, e-mails and phones from free text. Literal `secrets` go
 * first (an API key may be UUID-shaped); then UUIDs are kept as they are, so an id whose hex
 * happens to hold a run of 10 or 11 digits is not mistaken for a phone or a CPF.
 */
export function scrubText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join(REDACTED);
  }
  const ids = out.match(UUID);
  if (!ids) return scrubFree(out);
  return out.split(UUID).map(scrubFree).reduce((acc, part, i) => acc + ids[i - 1] + part);
}

function scrubFree(text: string): string {
  let out = text;
  out = out.replace(CVV_PAIR, `$1${REDACTED}`);
  out = out.replace(KEY_PAIR, `$1${REDACTED}`);
  out = out.replace(PAN_LIKE, (m) => {
    const digits = m.replace(/[ -]/g, '');
    return digits.length >= 12 && digits.length <= 19 && luhnValid(digits) ? '[redacted-pan]' : m;
  });
  out = out.replace(CPF_FORMATTED, REDACTED);
  out = out.replace(CNPJ_FORMATTED, REDACTED);
  out = out.replace(BARE_DOC_OR_PHONE, REDACTED);
  out = out.replace(EMAIL, REDACTED);
  out = out.replace(PHONE_FORMATTED, REDACTED);
  return out;
}

/**
 * Deep-copies `value` with secrets removed: sensitive keys are replaced by `[redacted]`, strings
 * are passed through `scrubText`, `Error`s become `{ name, message }` (no stack), depth and size
 * are capped. `secrets` are literal values (such as the API key) that must never appear.
 */
export function scrub(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') return scrubText(value.length > 2000 ? `${value.slice(0, 2000)}...` : value, secrets);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return undefined;
  if (depth > 6) return '[depth]';
  if (value instanceof Error) {
    return { name: value.name, message: scrubText(value.message, secrets) };
  }
  if (Array.isArray(value)) {
    return value.slice(0, 50).map((v) => scrub(v, secrets, depth + 1));
  }
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (n++ >= 60) break;
    out[k] = isSecretKey(k) ? (v === null || v === undefined ? v : REDACTED) : scrub(v, secrets, depth + 1);
  }
  return out;
}

/** The default sink: one line per entry on stderr. */
export const stderrSink: LogSink = (line) => {
  process.stderr.write(`${line}\n`);
};

/**
 * A logger writing scrubbed JSON lines `{ ts, level, event, ...fields }` to `sink`.
 * `secrets` are literal values removed wherever they appear (the API key, the token secret).
 */
export function createLogger(sink: LogSink | false | undefined, secrets: readonly string[] = []): Logger {
  const write = sink === false ? undefined : (sink ?? stderrSink);
  const log = (level: LogLevel, event: string, fields: Record<string, unknown> = {}): void => {
    if (!write) return;
    const entry = scrub({ ...fields }, secrets) as Record<string, unknown>;
    let line: string;
    try {
      line = JSON.stringify({ ts: new Date().toISOString(), level, event, ...entry });
    } catch {
      line = JSON.stringify({ ts: new Date().toISOString(), level, event, note: 'unserialisable fields' });
    }
    try {
      write(scrubText(line, secrets));
    } catch {
      // a failing sink must never break a payment
    }
  };
  return {
    log,
    info: (e, f) => log('info', e, f),
    warn: (e, f) => log('warn', e, f),
    error: (e, f) => log('error', e, f),
  };
}
