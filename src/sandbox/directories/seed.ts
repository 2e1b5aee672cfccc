/**
 * Seeded customers of the Pagar.me and Passport simulators: deterministic, with valid CPFs / CNPJs
 * (Pagar.me) and Colombian-style identifications (Passport, as its page's examples `CC`, `NIT`).
 * A few Pagar.me names start with a small letter, so the page's string ordering (capitals after
 * small letters) shows in range filters.
 */
import { generateCnpj, generateCpf } from '../../brazil/document.js';
import { seededRandom, uuidFrom } from '../seed.js';

export const PAGARME_CUSTOMER_COUNT = 57;
export const PASSPORT_CUSTOMER_COUNT = 43;

/** A customer as the Pagar.me simulator stores and answers it (Pagar.me v1's customer object: an assumption). */
export interface PagarmeCustomerRecord {
  object: 'customer';
  id: number;
  external_id: string;
  type: 'individual' | 'corporation';
  country: 'br';
  document_number: string;
  document_type: 'cpf' | 'cnpj';
  name: string;
  email: string;
  phone_numbers: string[];
  born_at: string | null;
  birthday: string | null;
  gender: string | null;
  date_created: string;
  documents: { object: 'document'; id: string; type: 'cpf' | 'cnpj'; number: string }[];
}

/** A customer as the Passport simulator stores and answers it (shape: an assumption). */
export interface PassportCustomerRecord {
  id: string;
  entity_id: string;
  customer_type: 'INDIVIDUAL' | 'BUSINESS';
  first_name: string | null;
  last_name: string | null;
  business_name: string | null;
  email: string;
  phone_number: string;
  identification_type: string;
  identification_number: string;
  created_at: string;
  updated_at: string;
}

const FIRST = ['Ana', 'Bruno', 'Carla', 'Diego', 'Eduarda', 'Felipe', 'Gabriela', 'Heitor', 'Isis', 'Joana', 'Kauã', 'Lívia', 'Murilo', 'Nina'];
const LAST = ['Almeida', 'Barros', 'Campos', 'Duarte', 'Esteves', 'Freitas', 'Guerra', 'Horta', 'Lopes', 'Moura', 'Nunes', 'Queiroz'];
const COMPANIES = ['Padaria Sol', 'Loja Azul', 'Café Aroma', 'Oficina Prado', 'Mercado Bom Dia'];
const CO_FIRST = ['Andrés', 'Camila', 'Daniela', 'Felipe', 'Juliana', 'Mateo', 'Santiago', 'Valentina', 'Sebastián', 'Laura'];
const CO_LAST = ['García', 'Rodríguez', 'Martínez', 'López', 'Gómez', 'Hernández', 'Díaz', 'Moreno', 'Rojas', 'Vargas'];
const CO_COMPANIES = ['Tienda Andina S.A.S.', 'Café del Valle Ltda.', 'Textiles Bogotá S.A.', 'Ferretería El Tornillo'];

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');

/** Pagar.me customers: ids from 1001, `date_created` six hours apart from 2024-06-01. */
export function generatePagarmeCustomers(count = PAGARME_CUSTOMER_COUNT, seed = 20240601): PagarmeCustomerRecord[] {
  const random = seededRandom(seed);
  const pick = <T>(l: readonly T[]): T => l[Math.floor(random() * l.length)]!;
  const start = Date.parse('2024-06-01T00:00:00.000Z');
  const out: PagarmeCustomerRecord[] = [];
  for (let i = 0; i < count; i++) {
    const company = i % 9 === 4;
    let name = company ? `${pick(COMPANIES)} ${i + 1}` : `${pick(FIRST)} ${pick(LAST)}`;
    // some records are typed in small letters, as real data is
    if (i % 11 === 3) name = name.toLowerCase();
    const docType = company ? 'cnpj' : 'cpf';
    const number = company ? generateCnpj(random) : generateCpf(random);
    out.push({
      object: 'customer',
      id: 1001 + i,
      external_id: `cli-${String(i + 1).padStart(4, '0')}`,
      type: company ? 'corporation' : 'individual',
      country: 'br',
      document_number: number,
      document_type: docType,
      name,
      email: `${slug(name)}.${i + 1}@example.com`,
      phone_numbers: [`+55${11 + Math.floor(random() * 80)}9${String(Math.floor(random() * 1e8)).padStart(8, '0')}`],
      born_at: null,
      birthday: null,
      gender: null,
      date_created: new Date(start + i * 6 * 3_600_000).toISOString(),
      documents: [{ object: 'document', id: `doc_${uuidFrom(random).replace(/-/g, '').slice(0, 24)}`, type: docType, number }],
    });
  }
  return out;
}

/** Passport customers: `created_at` four hours apart from 2024-09-01; types CC, NIT and CE. */
export function generatePassportCustomers(count = PASSPORT_CUSTOMER_COUNT, seed = 20240901): PassportCustomerRecord[] {
  const random = seededRandom(seed);
  const pick = <T>(l: readonly T[]): T => l[Math.floor(random() * l.length)]!;
  const start = Date.parse('2024-09-01T00:00:00.000Z');
  const entity = uuidFrom(random);
  const out: PassportCustomerRecord[] = [];
  for (let i = 0; i < count; i++) {
    const business = i % 7 === 2;
    const first = business ? null : pick(CO_FIRST);
    const last = business ? null : pick(CO_LAST);
    const businessName = business ? `${pick(CO_COMPANIES)} ${i + 1}` : null;
    const type = business ? 'NIT' : i % 10 === 9 ? 'CE' : 'CC';
    const number = business ? `9${String(Math.floor(random() * 1e8)).padStart(8, '0')}-${Math.floor(random() * 10)}` : String(10_000_000 + Math.floor(random() * 89_999_999));
    const created = new Date(start + i * 4 * 3_600_000).toISOString();
    out.push({
      id: uuidFrom(random),
      entity_id: entity,
      customer_type: business ? 'BUSINESS' : 'INDIVIDUAL',
      first_name: first,
      last_name: last,
      business_name: businessName,
      email: `${slug(businessName ?? `${first} ${last}`)}.${i + 1}@example.co`,
      phone_number: `+573${String(Math.floor(random() * 1e9)).padStart(9, '0')}`,
      identification_type: type,
      identification_number: number,
      created_at: created,
      updated_at: created,
    });
  }
  return out;
}
