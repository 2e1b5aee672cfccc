/**
 * Customer directories (server side): Bynet, Pagar.me and Passport customer lists behind one
 * `Customer` shape, page cursors and `.all()` iterators, with typed errors.
 */
export { createBynetDirectory } from './bynet.js';
export type { BynetDirectoryOptions } from './bynet.js';
export { createPagarmeDirectory, pagarmeFilterParams } from './pagarme.js';
export type { PagarmeCondition, PagarmeDirectoryOptions, PagarmeQuery, PagarmeRangeOp, PagarmeValue } from './pagarme.js';
export { createPassportDirectory, toTimestamp } from './passport.js';
export type { PassportDirectoryOptions, PassportOrderDirection, PassportQuery, PassportTimestamp } from './passport.js';
export { DirectoryError, isDirectoryError } from './errors.js';
export type { DirectoryErrorCode } from './errors.js';
export { PASSPORT_LIST_SCOPE } from './assumptions.js';
export type { Customer, CustomerDirectory, CustomerDocument, CustomerPage, CustomerSource, DirectoryHttpOptions, DirectoryQuery } from './types.js';
