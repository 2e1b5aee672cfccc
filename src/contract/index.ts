export * from './payment.js';
export * from './helper.js';
export { formatZodIssues } from './issues.js';
