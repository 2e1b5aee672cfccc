/**
 * Whitelist validation with the gateway's message style: the parent path, a colon, then a
 * Portuguese sentence naming the field, e.g. `customer.document: O campo "number" é obrigatório.`
 * (ASSUMPTION: the exact wording; the gateway's observed form is "<path>.<Portuguese text>").
 */
import { SandboxError } from './util.js';

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class Validator {
  readonly issues: string[];
  private readonly prefix: string;

  constructor(prefix = '', issues: string[] = []) {
    this.prefix = prefix;
    this.issues = issues;
  }

  /** Validator for a nested object, sharing the issue list. */
  child(name: string): Validator {
    return new Validator(this.prefix ? `${this.prefix}.${name}` : name, this.issues);
  }

  fail(text: string): void {
    this.issues.push(this.prefix ? `${this.prefix}: ${text}` : text);
  }

  /** Throws a 400 with the first issue when there is any. */
  throwIfAny(): void {
    if (this.issues.length) throw new SandboxError(400, this.issues[0]!);
  }

  /** Rejects keys outside `allowed`. */
  only(o: Obj, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.fail(`O campo "${k}" não é permitido.`);
  }

  private missing(o: Obj, key: string, required: boolean): boolean {
    const v = o[key];
    if (v === undefined || v === null || v === '') {
      if (required) this.fail(`O campo "${key}" é obrigatório.`);
      return true;
    }
    return false;
  }

  str(o: Obj, key: string, opts: { required?: boolean; max?: number; min?: number; pattern?: RegExp; patternText?: string } = {}): string | undefined {
    if (this.missing(o, key, opts.required ?? false)) return undefined;
    const v = o[key];
    if (typeof v !== 'string') {
      this.fail(`O campo "${key}" deve ser um texto.`);
      return undefined;
    }
    const t = v.trim();
    if (opts.min !== undefined && t.length < opts.min) this.fail(`O campo "${key}" deve ter no mínimo ${opts.min} caracteres.`);
    else if (opts.max !== undefined && t.length > opts.max) this.fail(`O campo "${key}" deve ter no máximo ${opts.max} caracteres.`);
    else if (opts.pattern && !opts.pattern.test(t)) this.fail(opts.patternText ?? `O campo "${key}" é inválido.`);
    else return t;
    return undefined;
  }

  /** Optional string that may be empty (e.g. `complement`). */
  optText(o: Obj, key: string, max = 200): string {
    const v = o[key];
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string') {
      this.fail(`O campo "${key}" deve ser um texto.`);
      return '';
    }
    if (v.length > max) this.fail(`O campo "${key}" deve ter no máximo ${max} caracteres.`);
    return v.trim();
  }

  email(o: Obj, key: string, required = true): string | undefined {
    return this.str(o, key, { required, max: 200, pattern: EMAIL, patternText: `O campo "${key}" deve ser um e-mail válido.` });
  }

  /** Integer; numeric strings are accepted when `coerce` is set. */
  int(o: Obj, key: string, opts: { required?: boolean; min?: number; max?: number; coerce?: boolean } = {}): number | undefined {
    if (this.missing(o, key, opts.required ?? false)) return undefined;
    let v = o[key];
    if (opts.coerce && typeof v === 'string' && /^\d+$/.test(v.trim())) v = Number(v.trim());
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.fail(`O campo "${key}" deve ser um número inteiro.`);
      return undefined;
    }
    if (opts.min !== undefined && v < opts.min) this.fail(`O campo "${key}" deve ser no mínimo ${opts.min}.`);
    else if (opts.max !== undefined && v > opts.max) this.fail(`O campo "${key}" deve ser no máximo ${opts.max}.`);
    else return v;
    return undefined;
  }

  bool(o: Obj, key: string): boolean | undefined {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.fail(`O campo "${key}" deve ser um booleano.`);
      return undefined;
    }
    return v;
  }

  obj(o: Obj, key: string, required = false): Obj | undefined {
    const v = o[key];
    if (v === undefined || v === null) {
      if (required) this.fail(`O campo "${key}" é obrigatório.`);
      return undefined;
    }
    if (!isObj(v)) {
      this.fail(`O campo "${key}" deve ser um objeto.`);
      return undefined;
    }
    return v;
  }

  arr(o: Obj, key: string, required = false): unknown[] | undefined {
    const v = o[key];
    if (v === undefined || v === null) {
      if (required) this.fail(`O campo "${key}" é obrigatório.`);
      return undefined;
    }
    if (!Array.isArray(v)) {
      this.fail(`O campo "${key}" deve ser uma lista.`);
      return undefined;
    }
    return v;
  }

  oneOf<T extends string>(o: Obj, key: string, values: readonly T[], required = true, normalize: (s: string) => string = (s) => s): T | undefined {
    const s = this.str(o, key, { required });
    if (s === undefined) return undefined;
    const n = normalize(s);
    if ((values as readonly string[]).includes(n)) return n as T;
    this.fail(`O campo "${key}" deve ser um dos valores: ${values.join(', ')}.`);
    return undefined;
  }

  url(o: Obj, key: string, required = false): string | undefined {
    const s = this.str(o, key, { required, max: 2048 });
    if (s === undefined) return undefined;
    try {
      const u = new URL(s);
      if (u.protocol === 'http:' || u.protocol === 'https:') return s;
    } catch {
      /* reported below */
    }
    this.fail(`O campo "${key}" deve ser uma URL válida.`);
    return undefined;
  }
}
