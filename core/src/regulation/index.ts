export * from './climate-adjustment.js';
export * from './decret-tertiaire.js';
