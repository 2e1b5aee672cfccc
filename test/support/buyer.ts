/** One test buyer for every suite that pays through the helper: valid CPF, phone, CEP, test cards. */
export const CUSTOMER = {
  name: 'Maria da Silva',
  email: 'maria.silva@example.com',
  phone: '11987654321',
  document: '52998224725',
} as const;

export const ADDRESS = {
  zipCode: '01001000',
  street: 'Praça da Sé',
  streetNumber: '100',
  neighborhood: 'Sé',
  city: 'São Paulo',
  state: 'SP',
} as const;

/** Sandbox test cards (see src/sandbox/README.md): approved and refused. */
export const CARD_APPROVED = '4111111111111111';
export const CARD_REFUSED = '4000000000000002';
export const CVV = '739';

export function card(number: string = CARD_APPROVED) {
  return { number, holderName: 'MARIA DA SILVA', expMonth: 12, expYear: new Date().getFullYear() + 3, cvv: CVV };
}
