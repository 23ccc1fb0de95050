export * from './change-point.js';
export * from './fit-statistics.js';
export * from './ipmvp.js';
export * from './least-squares.js';
export * from './linear-regression.js';
export * from './signature.js';
export * from './student-t.js';
