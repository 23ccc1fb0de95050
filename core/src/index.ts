export * from './access/features.js';
export * from './access/levels.js';
export * from './access/password-policy.js';
export * from './errors.js';
export * from './export/excel-csv.js';
