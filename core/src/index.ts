export * from './access/features.js';
export * from './access/levels.js';
export * from './access/password-policy.js';
export * from './calendar/zoned.js';
export * from './errors.js';
export * from './export/excel-csv.js';
export * from './metering/identifiers.js';
export * from './spreadsheet/index.js';
