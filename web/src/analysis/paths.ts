// URL paths of the analysis pages, French because users read and share them.

export const ANALYSIS_PATH = '/analyse';
export const PORTFOLIO_MAP_PATH = '/carte-du-patrimoine';
