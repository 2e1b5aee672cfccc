/**
 * Default CEP lookup: a tiny built-in table of real CEPs, enough for the demo and tests (sandbox
 * data). Merchants plug their own provider through the `cepLookup` option.
 */

export interface CepAddress {
  zipCode: string;
  street: string;
  neighborhood: string;
  city: string;
  state: string;
}

export type CepLookup = (cep: string) => Promise<CepAddress | null | undefined> | CepAddress | null | undefined;

const TABLE: Readonly<Record<string, Omit<CepAddress, 'zipCode'>>> = {
  '01001000': { street: 'Praça da Sé', neighborhood: 'Sé', city: 'São Paulo', state: 'SP' },
  '01310100': { street: 'Avenida Paulista', neighborhood: 'Bela Vista', city: 'São Paulo', state: 'SP' },
  '04538133': { street: 'Avenida Brigadeiro Faria Lima', neighborhood: 'Itaim Bibi', city: 'São Paulo', state: 'SP' },
  '22021001': { street: 'Avenida Atlântica', neighborhood: 'Copacabana', city: 'Rio de Janeiro', state: 'RJ' },
};

export const builtInCepLookup: CepLookup = (cep) => {
  const hit = TABLE[cep];
  return hit ? { zipCode: cep, ...hit } : null;
};
