/** The merchant console's admin routes (server side). */
export { createAdminHandler, transactionFilters } from './handler.js';
export type { AdminHandler, AdminOptions, Authorize } from './handler.js';
export { transactionRow, transactionSummary, decodeRefusal } from './map.js';
export { csvText, csvNumber } from './csv.js';
