/** Enedis SGE flows (R50, R151, R171, R4x, C68) and the opening of their encrypted deliveries. */

export { ENEDIS_C68_FORMAT, enedisC68Parser, parseEnedisC68 } from './c68.js';
export { classifySgeFileName, publicationOfFileName, type SgeFlow } from './common.js';
export {
  isEncryptedDelivery,
  MAX_COMPRESSION_RATIO,
  MAX_DELIVERY_BYTES,
  MAX_DELIVERY_DEPTH,
  type UnwrappedDelivery,
  unwrapDelivery,
} from './delivery.js';
export { ENEDIS_R4X_FORMAT, enedisR4xParser, parseEnedisR4x } from './r4x.js';
export { ENEDIS_R50_FORMAT, enedisR50Parser, parseEnedisR50 } from './r50.js';
export { ENEDIS_R151_FORMAT, enedisR151Parser, parseEnedisR151 } from './r151.js';
export { ENEDIS_R171_FORMAT, enedisR171Parser, parseEnedisR171 } from './r171.js';
