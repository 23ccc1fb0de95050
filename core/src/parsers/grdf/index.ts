/** GRDF gas formats: the ADICT API (`grdf-adict`) and the customer-portal exports (`grdf-portal`). */

export { detectGrdfAdict, GRDF_ADICT_FORMAT, grdfAdictParser, parseGrdfAdict } from './adict.js';
export { detectGrdfPortal, GRDF_PORTAL_FORMAT, grdfPortalParser, parseGrdfPortal } from './portal.js';
export type { GrdfPortalOptions } from './portal-workbook.js';
