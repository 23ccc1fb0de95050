export * from './access/features.js';
export * from './access/levels.js';
export * from './access/password-policy.js';
export * from './analysis/index.js';
export * from './calendar/zoned.js';
export * from './errors.js';
export * from './export/excel-csv.js';
export * from './indicators/index.js';
export * from './metering/identifiers.js';
// Both the parsers and the spreadsheet helpers export a `ParseResult`; the root exports the parsers' one.
export type { ParseResult } from './parsers/index.js';
export * from './parsers/index.js';
export * from './regulation/index.js';
export * from './spreadsheet/index.js';
export * from './weather/index.js';
