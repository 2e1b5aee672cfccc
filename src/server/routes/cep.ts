/** `GET /cep/:cep`: an address for a CEP, through the merchant's lookup (sandbox data by default). */
import { CepResponseSchema } from '../../contract/helper.js';
import type { CepLookup } from '../cep.js';
import type { HelperContext } from '../context.js';
import { HttpError } from '../http.js';
import type { Reply } from '../http.js';

export async function getCep(ctx: HelperContext, req: Request, raw: string, cepLookup: CepLookup): Promise<Reply> {
  await ctx.requireToken(req);
  const cep = raw.replace(/-/g, '');
  if (!/^\d{8}$/.test(cep)) {
    throw new HttpError('invalid_request', 'A CEP has 8 digits.', { fields: [{ path: 'cep', message: 'A CEP has 8 digits.' }] });
  }
  let found;
  try {
    found = await cepLookup(cep);
  } catch (e) {
    ctx.logger.warn('cep.lookup_failed', { error: e });
    throw new HttpError('upstream_error', 'The address service is unavailable. Please type the address.');
  }
  if (!found) throw new HttpError('not_found', 'CEP not found.');
  const body = { address: { zipCode: cep, street: found.street, neighborhood: found.neighborhood, city: found.city, state: found.state } };
  return { status: 200, body: ctx.checked(CepResponseSchema, body, 'cep') };
}
