/** Simulators of Pagar.me's and Passport's customer lists, and the console's demo seeding. Node only. */
export { createPagarmeSandbox, pagarmeCompare } from './pagarme.js';
export type { PagarmeSandbox, PagarmeSandboxOptions } from './pagarme.js';
export { createPassportSandbox, PASSPORT_SCOPE } from './passport.js';
export type { PassportSandbox, PassportSandboxOptions } from './passport.js';
export { createDirectorySandboxes, startDirectorySandboxes, DEFAULT_PAGARME_KEY, DEFAULT_PASSPORT_TOKEN } from './node.js';
export type { DirectorySandboxesOptions, StartedDirectorySandboxes } from './node.js';
export { generatePagarmeCustomers, generatePassportCustomers, PAGARME_CUSTOMER_COUNT, PASSPORT_CUSTOMER_COUNT } from './seed.js';
export type { PagarmeCustomerRecord, PassportCustomerRecord } from './seed.js';
export type { DirectoryCall, DirectoryFault } from './common.js';
export { seedConsoleTransactions } from './seed-console.js';
export type { SeedConsoleOptions, SeededConsole } from './seed-console.js';
