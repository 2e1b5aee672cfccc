/**
 * Seed data of the gateway sandbox, shared with the tests (test/fixtures re-exports it) and the demo so that all of them show
 * the same products, layouts, customers and test cards. Everything here is deterministic.
 *
 * Amounts are integer cents (BRL). Dates are fixed ISO-8601 UTC strings.
 */
import { generateCpf } from '../brazil/document.js';
import type { AddressRecord } from './types.js';

/** Seller ("recebedor") that owns every seeded object. */
export const SELLER_ID = '7c0e6f4a-3b1d-4e8a-9f2c-5d6b7a8c9e01';
/** Acquirer/gateway id the platform writes into checkout metadata. */
export const GATEWAY_ID = 'b3f9d2e1-6a4c-4f7b-8e1d-2c3a4b5d6e02';

const SEED_DATE = '2025-01-10T12:00:00.000Z';

export interface SeedProduct {
  id: string;
  title: string;
  description: string;
  shippingType: 'DIGITAL' | 'PHYSICAL';
  status: 'ACTIVE' | 'INACTIVE';
  /** Integer cents. */
  unitPrice: number;
  maxInstallments: number;
  accessLink: string | null;
  additionalInfo: string | null;
  images: { id: string; key: string; url: string }[];
  paymentMethod: { PIX: boolean; BOLETO: boolean; CREDIT_CARD: boolean };
  sellerId: string;
  uniqueProductLinkId: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export const DEMO_PRODUCT_LINK_ID = 'demo-product';
export const PIX_ONLY_PRODUCT_LINK_ID = 'pix-only-ebook';
export const INACTIVE_PRODUCT_LINK_ID = 'produto-inativo';

export const PRODUCTS: readonly SeedProduct[] = [
  {
    id: '4a1d8c2e-9b3f-4e6a-8c7d-1f2e3a4b5c01',
    title: 'Camiseta Bynet',
    description: 'Camiseta de algodão com o logo da Bynet.',
    shippingType: 'PHYSICAL',
    status: 'ACTIVE',
    unitPrice: 4990,
    maxInstallments: 12,
    accessLink: null,
    additionalInfo: null,
    images: [],
    paymentMethod: { PIX: true, BOLETO: true, CREDIT_CARD: true },
    sellerId: SELLER_ID,
    uniqueProductLinkId: DEMO_PRODUCT_LINK_ID,
    createdAt: SEED_DATE,
    updatedAt: SEED_DATE,
    deletedAt: null,
  },
  {
    id: '4a1d8c2e-9b3f-4e6a-8c7d-1f2e3a4b5c02',
    title: 'E-book Receitas',
    description: 'Cinquenta receitas rápidas em PDF.',
    shippingType: 'DIGITAL',
    status: 'ACTIVE',
    unitPrice: 1990,
    maxInstallments: 1,
    accessLink: 'https://example.com/ebook',
    additionalInfo: null,
    images: [],
    paymentMethod: { PIX: true, BOLETO: false, CREDIT_CARD: false },
    sellerId: SELLER_ID,
    uniqueProductLinkId: PIX_ONLY_PRODUCT_LINK_ID,
    createdAt: SEED_DATE,
    updatedAt: SEED_DATE,
    deletedAt: null,
  },
  {
    id: '4a1d8c2e-9b3f-4e6a-8c7d-1f2e3a4b5c03',
    title: 'Curso encerrado',
    description: 'Produto desativado (para testar pedidos recusados).',
    shippingType: 'DIGITAL',
    status: 'INACTIVE',
    unitPrice: 9900,
    maxInstallments: 6,
    accessLink: null,
    additionalInfo: null,
    images: [],
    paymentMethod: { PIX: true, BOLETO: true, CREDIT_CARD: true },
    sellerId: SELLER_ID,
    uniqueProductLinkId: INACTIVE_PRODUCT_LINK_ID,
    createdAt: SEED_DATE,
    updatedAt: SEED_DATE,
    deletedAt: null,
  },
];

export interface SeedLayout {
  id: string;
  primaryColor: string;
  typography: string;
  /** `url` is a path served by the sandbox; it is made absolute per request. */
  logo: { id: string; key: string; path: string } | null;
  type: 'CUSTOM' | 'DEFAULT';
  status: 'ACTIVE' | 'INACTIVE';
  sellerId: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export const ACTIVE_LAYOUT_ID = '9e2b7c4d-1a3f-4b5e-8d6c-0f1e2d3c4b01';
export const INACTIVE_LAYOUT_ID = '9e2b7c4d-1a3f-4b5e-8d6c-0f1e2d3c4b02';

export const LAYOUTS: readonly SeedLayout[] = [
  {
    id: ACTIVE_LAYOUT_ID,
    primaryColor: '#0b63ce',
    typography: 'INTER',
    logo: { id: '2d4f6a8c-0e1b-4c3d-9a5f-7b8c9d0e1f01', key: 'logo.svg', path: '/assets/logo.svg' },
    type: 'CUSTOM',
    status: 'ACTIVE',
    sellerId: SELLER_ID,
    createdAt: SEED_DATE,
    updatedAt: SEED_DATE,
    deletedAt: null,
  },
  {
    id: INACTIVE_LAYOUT_ID,
    primaryColor: '#009FE3',
    typography: 'MONTSERRAT',
    logo: null,
    type: 'DEFAULT',
    status: 'INACTIVE',
    sellerId: SELLER_ID,
    createdAt: '2024-11-02T09:30:00.000Z',
    updatedAt: '2024-11-02T09:30:00.000Z',
    deletedAt: null,
  },
];

// ── test cards ──────────────────────────────────────────────────────────────────────────────

export type TestCardOutcome = 'approved' | 'refused' | 'processing';

export interface TestCard {
  number: string;
  /** Brand as the gateway reports it in `card.brand`. */
  brand: string;
  /** Human label for docs and the demo. */
  label: string;
  outcome: TestCardOutcome;
  /** Status right after the payment is created. */
  status: 'PAID' | 'REFUSED' | 'PROCESSING';
  /** Refusals only: stable code and the gateway's Portuguese `refusedReason`. */
  refusal?: { code: string; message: string };
  /** What happens, in one line. */
  description: string;
}

/**
 * Card numbers with a fixed outcome in the sandbox. Any other Luhn-valid number is approved;
 * a number that fails Luhn is rejected with 400. Any future expiry date and any CVV of the
 * right length work.
 */
export const TEST_CARDS: readonly TestCard[] = [
  { number: '4111111111111111', brand: 'visa', label: 'Visa', outcome: 'approved', status: 'PAID', description: 'Aprovado (PAID)' },
  { number: '5555555555554444', brand: 'mastercard', label: 'Mastercard', outcome: 'approved', status: 'PAID', description: 'Aprovado (PAID)' },
  { number: '6362970000457013', brand: 'elo', label: 'Elo', outcome: 'approved', status: 'PAID', description: 'Aprovado (PAID)' },
  { number: '6062825624254001', brand: 'hipercard', label: 'Hipercard', outcome: 'approved', status: 'PAID', description: 'Aprovado (PAID)' },
  { number: '378282246310005', brand: 'amex', label: 'American Express', outcome: 'approved', status: 'PAID', description: 'Aprovado (PAID)' },
  {
    number: '4000000000000002',
    brand: 'visa',
    label: 'Visa',
    outcome: 'refused',
    status: 'REFUSED',
    refusal: { code: 'card_declined', message: 'Cartão recusado pelo banco emissor' },
    description: 'Recusado: cartão recusado pelo emissor',
  },
  {
    number: '4000000000009995',
    brand: 'visa',
    label: 'Visa',
    outcome: 'refused',
    status: 'REFUSED',
    refusal: { code: 'insufficient_funds', message: 'Saldo insuficiente' },
    description: 'Recusado: saldo insuficiente',
  },
  {
    number: '4000000000000069',
    brand: 'visa',
    label: 'Visa',
    outcome: 'refused',
    status: 'REFUSED',
    refusal: { code: 'expired_card', message: 'Cartão vencido' },
    description: 'Recusado: cartão vencido',
  },
  {
    number: '4000000000000127',
    brand: 'visa',
    label: 'Visa',
    outcome: 'refused',
    status: 'REFUSED',
    refusal: { code: 'incorrect_cvc', message: 'Código de segurança inválido' },
    description: 'Recusado: código de segurança inválido',
  },
  {
    number: '4000000000000077',
    brand: 'visa',
    label: 'Visa',
    outcome: 'processing',
    status: 'PROCESSING',
    description: 'Em processamento (PROCESSING), depois aprovado (PAID) após o atraso configurado',
  },
];

// ── customers ───────────────────────────────────────────────────────────────────────────────

export interface SeedCustomer {
  id: string;
  name: string;
  email: string;
  phone: string;
  document: { number: string; type: 'CPF' | 'CNPJ' };
  address: AddressRecord;
  externalRef: string | null;
  createdAt: string;
}

/** How many customers the sandbox seeds. */
export const CUSTOMER_COUNT = 240;

/** Small seedable PRNG (mulberry32): same seed, same sequence, values in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** RFC 4122 version-4 UUID drawn from `random`. */
export function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const FIRST_NAMES = [
  'Ana', 'Bruno', 'Carla', 'Diego', 'Eduarda', 'Felipe', 'Gabriela', 'Henrique', 'Isabela', 'João',
  'Larissa', 'Marcos', 'Natália', 'Otávio', 'Paula', 'Rafael', 'Sofia', 'Thiago', 'Vitória', 'Wesley',
];
const LAST_NAMES = [
  'Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes',
  'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Araújo', 'Melo', 'Barbosa', 'Cardoso', 'Rocha', 'Dias',
];
const CITIES: readonly { city: string; state: string; zip: string; ddd: string; neighborhood: string }[] = [
  { city: 'São Paulo', state: 'SP', zip: '01001', ddd: '11', neighborhood: 'Sé' },
  { city: 'Rio de Janeiro', state: 'RJ', zip: '20040', ddd: '21', neighborhood: 'Centro' },
  { city: 'Belo Horizonte', state: 'MG', zip: '30130', ddd: '31', neighborhood: 'Funcionários' },
  { city: 'Curitiba', state: 'PR', zip: '80010', ddd: '41', neighborhood: 'Centro' },
  { city: 'Porto Alegre', state: 'RS', zip: '90010', ddd: '51', neighborhood: 'Centro Histórico' },
  { city: 'Salvador', state: 'BA', zip: '40020', ddd: '71', neighborhood: 'Comércio' },
  { city: 'Recife', state: 'PE', zip: '50030', ddd: '81', neighborhood: 'Boa Vista' },
  { city: 'Fortaleza', state: 'CE', zip: '60060', ddd: '85', neighborhood: 'Aldeota' },
];
const STREETS = ['Rua das Flores', 'Avenida Brasil', 'Rua XV de Novembro', 'Rua da Paz', 'Avenida Paulista', 'Rua Sete de Setembro'];

const asciiSlug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.');

/**
 * Deterministic customers: realistic Brazilian names, unique e-mails, valid CPFs, mobile phones
 * (DDD + 9 digits), addresses; `createdAt` one hour apart starting 2025-01-01.
 */
export function generateCustomers(count: number = CUSTOMER_COUNT, seed = 20250101): SeedCustomer[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const start = Date.parse('2025-01-01T00:00:00.000Z');
  const out: SeedCustomer[] = [];
  for (let i = 0; i < count; i++) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const place = pick(CITIES);
    const name = `${first} ${pick(LAST_NAMES)} ${last}`;
    const phoneRest = String(Math.floor(random() * 1e8)).padStart(8, '0');
    out.push({
      id: uuidFrom(random),
      name,
      email: `${asciiSlug(first)}.${asciiSlug(last)}${i + 1}@example.com`,
      phone: `${place.ddd}9${phoneRest}`,
      document: { number: generateCpf(random), type: 'CPF' },
      address: {
        street: pick(STREETS),
        streetNumber: String(1 + Math.floor(random() * 2000)),
        complement: i % 3 === 0 ? `Apto ${10 + Math.floor(random() * 90)}` : '',
        zipCode: place.zip + String(Math.floor(random() * 1000)).padStart(3, '0'),
        neighborhood: place.neighborhood,
        city: place.city,
        state: place.state,
        country: 'BR',
      },
      externalRef: null,
      createdAt: new Date(start + i * 3_600_000).toISOString(),
    });
  }
  return out;
}
