/** Parsers of Enedis data outside the SGE daily flows: M023 publications, Data Connect, customer portal. */

export {
  detectEnedisDataConnect,
  ENEDIS_DATACONNECT_FORMAT,
  enedisDataConnectParser,
  parseEnedisDataConnect,
} from './dataconnect.js';
export {
  detectEnedisM023,
  ENEDIS_M023_FORMAT,
  type EnedisM023Options,
  enedisM023Parser,
  parseEnedisM023,
} from './m023.js';
export { detectEnedisPortal, ENEDIS_PORTAL_FORMAT, enedisPortalParser, parseEnedisPortal } from './portal.js';
