export * from './degree-day-normals.js';
export * from './degree-day-sums.js';
export * from './degree-days.js';
export * from './hourly.js';
