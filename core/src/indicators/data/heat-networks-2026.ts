/**
 * Regulatory CO₂ content of French heat and cold networks, 2026 values of the yearly "arrêté DPE"
 * on heat and cold networks, read through France Chaleur Urbaine. The 40 rows below are copied
 * unchanged, in source order, from an extract of that file: every Drôme (26xx) and Isère (38xx)
 * network plus networks serving other university campuses. See README.md in this folder for the
 * origin and licence.
 *
 * Columns: identifiant, nom, localisation, contenu_co2 (kg CO₂/kWh delivered, direct emissions),
 * contenu_co2_acv (kg CO₂e/kWh delivered, life cycle), taux_enrr (% renewable and recovered
 * energy, null for cold networks), annee_reference (`2024` = 2024 operating data, `Moyenne` =
 * multi-year average used by the arrêté).
 */

export type HeatNetworkRow = readonly [
  identifiant: string,
  nom: string,
  localisation: string,
  contenuCo2: number,
  contenuCo2Acv: number,
  tauxEnrr: number | null,
  anneeReference: string,
];

// biome-ignore format: one network per line, as in the source file
export const HEAT_NETWORK_ROWS_2026: readonly HeatNetworkRow[] = [
  ["1306C", "LUMINY", "MARSEILLE", 0.121, 0.147, 51.7, "2024"],
  ["2506C", "DOMAINE UNIVERSITAIRE DE LA BOULOIE", "BESANCON", 0.04, 0.066, 85.9, "Moyenne"],
  ["2601C", "RÉSEAU DE VALENCE", "VALENCE", 0.109, 0.134, 58.7, "2024"],
  ["2602C", "RÉSEAU DE CHALEUR DE VASSIEUX EN VERCORS", "VASSIEUX-EN-VERCORS", 0.041, 0.077, 90.7, "Moyenne"],
  ["2603C", "RÉSEAU DE PIERRELATTE - DES", "PIERRELATTE", 0, 0.129, 66.8, "Moyenne"],
  ["2604C", "RÉSEAU DE PRACOMPTAL", "MONTELIMAR", 0.244, 0.27, 0, "2024"],
  ["2605C", "RÉSEAU DE CHALEUR DU QUARTIER DE LA MONNAIE", "ROMANS-SUR-ISERE", 0.165, 0.214, 0, "2024"],
  ["2606C", "SAINT JEAN EN ROYANS (ARRET EN 2024)", "SAINT JEAN EN ROYANS", 0.343, 0.383, 0, "2024"],
  ["2607C", "RÉSEAU DU CH DE VALENCE", "VALENCE", 0.132, 0.182, 30.5, "2024"],
  ["3107C", "ENSEMBLE UNIVERSITAIRE TOULOUSE RANGUEIL", "TOULOUSE", 0.045, 0.066, 81, "2024"],
  ["3505C", "CAMPUS SCIENTIFIQUE DE BEAULIEU", "RENNES", 0.204, 0.237, 0, "2024"],
  ["3801C", "CHAUFFERIE BOIS BÂTIMENTS COMMUNAUX", "NOYAREY", 0.029, 0.051, 88.9, "Moyenne"],
  ["3802C", "RÉSEAU PRINCIPAL DE GRENOBLE-ALPES MÉTROPOLE", "GRENOBLE", 0.049, 0.093, 80.9, "2024"],
  ["3802F", "RÉSEAU FROID CCIAG GRENOBLE", "GRENOBLE", 0.017, 0.061, null, "Moyenne"],
  ["3803C", "BERJALIA", "BOURGOIN-JALLIEU", 0.048, 0.058, 82.1, "2024"],
  ["3804C", "RÉSEAU DE CHALEUR DE VINAY", "VINAY", 0.069, 0.105, 84.3, "2024"],
  ["3805C", "RÉSEAU DE SAINT MARCELLIN", "SAINT-MARCELLIN", 0.023, 0.051, 93.4, "Moyenne"],
  ["3806C", "RÉSEAU D'ALLEVARD", "ALLEVARD", 0.019, 0.05, 94.1, "Moyenne"],
  ["3807C", "LES LAICHES", "VILLARD-DE-LANS", 0.062, 0.097, 85.5, "Moyenne"],
  ["3808C", "RÉSEAU DE LANS-EN-VERCORS", "LANS-EN-VERCORS", 0.022, 0.05, 94.5, "2024"],
  ["3809C", "RÉSEAU DE MONESTIER-DE-CLERMONT", "MONESTIER-DE-CLERMONT", 0.023, 0.051, 94.8, "2024"],
  ["3810C", "RÉSEAU DE MENS", "MENS", 0, 0.019, 100, "2024"],
  ["3811C", "RÉSEAU DE CHALEUR BOIS PONTCHARRA RCBP", "PONTCHARRA", 0.038, 0.064, 86.7, "2024"],
  ["3813C", "RÉSEAU DE CHALEUR DE VOREPPE CENTRE", "VOREPPE", 0.153, 0.185, 53.5, "Moyenne"],
  ["3814C", "RÉSEAU DE COUBLEVIE", "COUBLEVIE", 0.15, 0.179, 51.2, "Moyenne"],
  ["3817C", "RÉSEAU DE CHALEUR DE VILLARD-DE-LANS", "VILLARD-DE-LANS", 0.016, 0.041, 96, "2024"],
  ["3819C", "RÉSEAU YOPLAIT VIENNE", "VIENNE", 0.036, 0.044, 84, "Moyenne"],
  ["3820C", "RÉSEAU DE CHALEUR DE GIÈRES CENTRE", "GIÈRES", 0.034, 0.06, 85.3, "2024"],
  ["3821C", "RÉSEAU DE CHALEUR DE FONTAINE ZAC BASTILLE", "FONTAINE", 0.043, 0.068, 81.4, "2024"],
  ["3822C", "FORESTENER NOTRE DAME DE L'OSIER", "NOTRE DAME DE L'OSIER", 0.013, 0.041, 99.9, "2024"],
  ["3823C", "OSIRIS", "ST MAURICE L'EXIL", 0.028, 0.037, 85.3, "Moyenne"],
  ["3824C", "RÉSEAU DE MOIRANS", "VILLE DE MOIRANS", 0.012, 0.036, 95.9, "2024"],
  ["3826C", "RÉSEAU DE CHALEUR DES BANNETTES", "VOREPPE", 0.245, 0.281, 26.6, "Moyenne"],
  ["3827C", "RÉSEAU GRENOBLE ALPES CHALEUR MEYLAN", "MEYLAN", 0.295, 0.33, 0, "2024"],
  ["3828C", "RÉSEAU DE VOIRON", "VOIRON", 0.045, 0.07, 83.5, "2024"],
  ["3829C", "RÉSEAU DE CHALEUR DE PONT-DE-CLAIX CABOISSE", "LE PONT DE CLAIX", 0.032, 0.056, 87.2, "2024"],
  ["5905C", "DOMAINE UNIVERSITAIRE ET SCIENTIFIQUE", "VILLENEUVE-D'ASCQ", 0.242, 0.272, 0, "2024"],
  ["8610C", "RÉSEAU CHALEUR UNIVERSITÉ DE POITIERS", "POITIERS", 0.03, 0.052, 88, "2024"],
  ["9127C", "RÉSEAU CHAUD DE L'ÉCOLE POLYTECHNIQUE", "PALAISEAU", 0.21, 0.236, 0, "2024"],
  ["9127F", "RÉSEAU FROID DE L'ÉCOLE POLYTECHNIQUE", "PALAISEAU", 0.011, 0.021, null, "2024"],
];
