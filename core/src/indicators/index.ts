export * from './dpe-labels.js';
export * from './factors/dated-factor.js';
export * from './factors/emission-factors.js';
export * from './factors/gas.js';
export * from './factors/heat-networks.js';
export * from './factors/primary-energy.js';
export * from './formula/index.js';
