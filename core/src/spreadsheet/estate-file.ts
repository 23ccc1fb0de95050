import { addLocalDays } from '../calendar/zoned.js';
import type { Energy } from '../metering/identifiers.js';
import { isSegmentAllowed } from '../metering/identifiers.js';
import { type CellValue, describeCell, type WorkbookData } from './cells.js';
import {
  BLANK_KEEPS,
  buildingReferenceColumn,
  CODE_HELP,
  energyColumn,
  identifierColumn,
  validityColumns,
} from './common-columns.js';
import { formatFrenchDate, roundDecimal, scaleDecimal } from './french-values.js';
import type { ColumnSpec, TableSpec } from './headers.js';
import {
  ACTIVITY_CHOICES,
  ALLOCATION_METHOD_CHOICES,
  type AllocationMethod,
  type BuildingActivity,
  type DeliverySegment,
  ENERGY_CHOICES,
  type FunctionalUnitKind,
  HEATING_ENERGY_CHOICES,
  SEGMENT_CHOICES,
  UNIT_KIND_CHOICES,
} from './labels.js';
import { ParsedWorkbook } from './parsed-workbook.js';
import { type RowError, type RowReader, rejectDuplicates, type SourcedRecord } from './rows.js';

/** Start of validity that the database stores when a share or an allocation has none. */
export const OPEN_START_DATE = '1900-01-01';

function latitudeColumns(subject: string): ColumnSpec[] {
  return [
    {
      key: 'latitude',
      header: 'Latitude',
      synonyms: ['Lat', 'Latitude (°)', 'Latitude WGS84', 'Latitude WGS 84'],
      required: false,
      format: 'number',
      help: `Latitude ${subject} en degrés décimaux (WGS 84), de -90 à 90, par exemple 48,8566. ${BLANK_KEEPS}`,
      example: '48,8566',
    },
    {
      key: 'longitude',
      header: 'Longitude',
      synonyms: ['Long', 'Lon', 'Lng', 'Longitude (°)', 'Longitude WGS84', 'Longitude WGS 84'],
      required: false,
      format: 'number',
      help: `Longitude ${subject} en degrés décimaux (WGS 84), de -180 à 180, par exemple 2,3522. ${BLANK_KEEPS}`,
      example: '2,3522',
    },
  ];
}

export const SITES_TABLE: TableSpec = {
  key: 'sites',
  title: 'Sites',
  sheetNames: ['Site', 'Campus'],
  columns: [
    {
      key: 'code',
      header: 'Code site',
      synonyms: [
        'Code du site',
        'Site (code)',
        'Ref site',
        'Réf. site',
        'Référence site',
        'Identifiant site',
        'Code campus',
      ],
      genericSynonyms: ['Code', 'Référence', 'Identifiant'],
      required: true,
      format: 'code',
      help: `Identifiant unique du site. ${CODE_HELP} Un code déjà connu met le site à jour.`,
      example: 'NORD',
    },
    {
      key: 'name',
      header: 'Nom du site',
      synonyms: ['Nom site', 'Libellé site', 'Site', 'Campus', 'Nom du campus'],
      genericSynonyms: ['Nom', 'Libellé', 'Désignation'],
      required: true,
      format: 'text',
      help: 'Nom affiché, 200 caractères au plus.',
      example: 'Campus Nord',
    },
    {
      key: 'city',
      header: 'Ville',
      synonyms: ['Commune', 'Localité'],
      required: false,
      format: 'text',
      help: `Commune du site. ${BLANK_KEEPS}`,
      example: 'Lille',
    },
    {
      key: 'address',
      header: 'Adresse',
      synonyms: ['Adresse postale', 'Adresse du site'],
      required: false,
      format: 'text',
      help: `Adresse postale, 500 caractères au plus. ${BLANK_KEEPS}`,
      example: '1 avenue de l’Université',
    },
    ...latitudeColumns('du site'),
  ],
};

function areaColumn(key: string, header: string, synonyms: string[], what: string): ColumnSpec {
  return {
    key,
    header,
    synonyms,
    required: false,
    format: 'number',
    help: `${what} en m², nombre positif ; virgule décimale et espaces entre milliers admis (1 234,5). ${BLANK_KEEPS}`,
    example: '1 234,5',
  };
}

export const BUILDINGS_TABLE: TableSpec = {
  key: 'buildings',
  title: 'Bâtiments',
  sheetNames: ['Bâtiment', 'Patrimoine', 'Immobilier'],
  columns: [
    {
      key: 'code',
      header: 'Code bâtiment',
      synonyms: [
        'Bâtiment (code)',
        'Code du bâtiment',
        'Code bat',
        'Ref bat',
        'Réf. bât.',
        'Réf. bâtiment',
        'Référence bâtiment',
        'Identifiant bâtiment',
        'ID bâtiment',
      ],
      genericSynonyms: ['Code', 'Référence', 'Identifiant'],
      required: true,
      format: 'code',
      help: `Identifiant unique du bâtiment. ${CODE_HELP} Un code déjà connu met le bâtiment à jour.`,
      example: 'BAT-A',
    },
    {
      key: 'name',
      header: 'Nom du bâtiment',
      synonyms: ['Nom bâtiment', 'Libellé bâtiment', 'Désignation bâtiment'],
      genericSynonyms: ['Nom', 'Libellé', 'Désignation'],
      required: true,
      format: 'text',
      help: 'Nom affiché, 200 caractères au plus.',
      example: 'Bâtiment A – Sciences',
    },
    {
      key: 'siteCode',
      header: 'Code site',
      synonyms: ['Site (code)', 'Code du site', 'Ref site', 'Réf. site', 'Site', 'Campus', 'Code campus'],
      required: true,
      format: 'code',
      help: 'Code du site qui contient le bâtiment, tel qu’il figure dans la feuille « Sites » ou déjà dans la plateforme.',
      example: 'NORD',
    },
    {
      key: 'address',
      header: 'Adresse',
      synonyms: ['Adresse postale', 'Adresse du bâtiment'],
      required: false,
      format: 'text',
      help: `Adresse postale, 500 caractères au plus. ${BLANK_KEEPS}`,
      example: '1 avenue de l’Université, Lille',
    },
    ...latitudeColumns('du bâtiment'),
    areaColumn(
      'floorAreaM2',
      'Surface de plancher (m²)',
      [
        'Surface',
        'Surface (m²)',
        'SHON',
        'SHON (m²)',
        'Surface de plancher',
        'Surface plancher',
        'SDP',
        'SDP (m²)',
      ],
      'Surface de plancher',
    ),
    areaColumn('usefulAreaM2', 'Surface utile (m²)', ['Surface utile', 'SU', 'SU (m²)'], 'Surface utile'),
    areaColumn(
      'heatedAreaM2',
      'Surface chauffée (m²)',
      ['Surface chauffée', 'Surface chauffée m2'],
      'Surface chauffée',
    ),
    {
      key: 'constructionYear',
      header: 'Année de construction',
      synonyms: ['Année construction', 'Construit en', 'Année de livraison'],
      required: false,
      format: 'integer',
      help: `Année sur 4 chiffres, de 1000 à 2200. ${BLANK_KEEPS}`,
      example: '1972',
    },
    {
      key: 'activity',
      header: 'Activité',
      synonyms: ['Activité principale', 'Usage', 'Usage principal', 'Destination'],
      required: false,
      format: 'choice',
      choices: ACTIVITY_CHOICES,
      help: `Activité principale. ${BLANK_KEEPS}`,
      example: 'enseignement',
    },
    {
      key: 'mainHeatingEnergy',
      header: 'Énergie de chauffage principale',
      synonyms: [
        'Énergie de chauffage',
        'Énergie principale de chauffage',
        'Énergie chauffage',
        'Chauffage',
        'Mode de chauffage',
      ],
      required: false,
      format: 'choice',
      choices: HEATING_ENERGY_CHOICES,
      help: `Énergie qui chauffe l’essentiel du bâtiment. ${BLANK_KEEPS}`,
      example: 'gaz',
    },
  ],
};

export const UNITS_TABLE: TableSpec = {
  key: 'units',
  title: 'Composantes',
  sheetNames: ['Composante', 'Unités fonctionnelles', 'Unités', 'Structures'],
  columns: [
    {
      key: 'code',
      header: 'Code composante',
      synonyms: [
        'Code unité',
        'Code unité fonctionnelle',
        'Composante (code)',
        'Ref composante',
        'Code structure',
      ],
      genericSynonyms: ['Code', 'Référence', 'Identifiant'],
      required: true,
      format: 'code',
      help: `Identifiant unique de la composante (faculté, laboratoire, service). ${CODE_HELP}`,
      example: 'SCI',
    },
    {
      key: 'name',
      header: 'Nom de la composante',
      synonyms: [
        'Nom composante',
        'Libellé composante',
        'Unité fonctionnelle',
        'Nom unité',
        'Nom de l’unité',
      ],
      genericSynonyms: ['Nom', 'Libellé', 'Désignation'],
      required: true,
      format: 'text',
      help: 'Nom affiché, 200 caractères au plus.',
      example: 'Faculté des sciences',
    },
    {
      key: 'kind',
      header: 'Type de composante',
      synonyms: ['Type composante', 'Type d’unité', 'Nature'],
      genericSynonyms: ['Type'],
      required: false,
      format: 'choice',
      choices: UNIT_KIND_CHOICES,
      help: `Vide pour une nouvelle composante : « autre ». ${BLANK_KEEPS}`,
      example: 'faculté',
    },
    {
      key: 'parentCode',
      header: 'Code composante parente',
      synonyms: ['Composante parente', 'Code parent', 'Parent', 'Rattachement', 'Rattachée à'],
      required: false,
      format: 'code',
      help: `Code de la composante dont elle dépend (un laboratoire dans sa faculté). ${BLANK_KEEPS}`,
      example: 'SCI',
    },
  ],
};

export const SHARES_TABLE: TableSpec = {
  key: 'shares',
  title: 'Parts des composantes',
  sheetNames: ['Parts', 'Tantièmes', 'Occupation', 'Répartition des bâtiments'],
  columns: [
    buildingReferenceColumn(),
    {
      key: 'unitCode',
      header: 'Code composante',
      synonyms: ['Code unité', 'Composante (code)', 'Ref composante', 'Composante', 'Unité fonctionnelle'],
      required: true,
      format: 'code',
      help: 'Code de la composante, tel qu’il figure dans la feuille « Composantes » ou déjà dans la plateforme.',
      example: 'SCI',
    },
    {
      key: 'share',
      header: 'Part (%)',
      synonyms: [
        'Part',
        'Tantième (%)',
        'Tantième',
        'Tantièmes',
        'Pourcentage',
        'Quote-part',
        'Quote-part (%)',
        'Part occupée (%)',
      ],
      required: true,
      format: 'percent',
      help: 'Part du bâtiment occupée par la composante, en pourcentage : plus de 0 et 100 au plus (50 ou 50 %). Les parts d’un bâtiment à une même date totalisent 100 % au plus.',
      example: '50',
    },
    ...validityColumns('la part'),
  ],
};

export const DELIVERY_POINTS_TABLE: TableSpec = {
  key: 'deliveryPoints',
  title: 'Points de livraison',
  sheetNames: ['PDL', 'Point de livraison', 'Contrats', 'PRM', 'PCE'],
  columns: [
    energyColumn(true, 'Avec l’identifiant, elle désigne le point de livraison.'),
    identifierColumn(),
    {
      key: 'name',
      header: 'Nom du point de livraison',
      synonyms: ['Nom PDL', 'Libellé PDL', 'Désignation PDL', 'Nom du PDL'],
      genericSynonyms: ['Nom', 'Libellé', 'Désignation'],
      required: false,
      format: 'text',
      help: `Nom affiché, 200 caractères au plus. ${BLANK_KEEPS}`,
      example: 'Poste de livraison Nord',
    },
    {
      key: 'networkOperator',
      header: 'Gestionnaire de réseau',
      synonyms: ['GRD', 'Distributeur', 'Gestionnaire', 'Gestionnaire du réseau', 'Opérateur de réseau'],
      required: false,
      format: 'text',
      help: `Gestionnaire du réseau de distribution (Enedis, GRDF, régie…), 100 caractères au plus. ${BLANK_KEEPS}`,
      example: 'Enedis',
    },
    {
      key: 'segment',
      header: 'Segment',
      synonyms: ['Segment tarifaire', 'Segment de raccordement', 'Catégorie'],
      required: false,
      format: 'choice',
      choices: SEGMENT_CHOICES,
      help: `Électricité : C5, C4, C3, C2, C1 ou HTA ; gaz : T1, T2, T3, T4 ou TP. ${BLANK_KEEPS}`,
      example: 'C4',
    },
    {
      key: 'supplier',
      header: 'Fournisseur',
      synonyms: ['Fournisseur actuel', 'Fournisseur d’énergie'],
      required: false,
      format: 'text',
      help: `Fournisseur d’énergie, 200 caractères au plus. ${BLANK_KEEPS}`,
      example: 'EDF',
    },
  ],
};

export const ALLOCATIONS_TABLE: TableSpec = {
  key: 'allocations',
  title: 'Affectations des PDL',
  sheetNames: [
    'Affectations des points de livraison',
    'Affectations',
    'Affectation',
    'Clés de répartition',
    'Répartition des PDL',
    'Ventilation',
  ],
  columns: [
    energyColumn(false, 'Nécessaire seulement quand un même identifiant existe pour deux énergies.'),
    identifierColumn(
      'Le point de livraison figure dans la feuille « Points de livraison » ou déjà dans la plateforme.',
    ),
    buildingReferenceColumn(),
    {
      key: 'method',
      header: 'Méthode de répartition',
      synonyms: ['Méthode', 'Clé de répartition', 'Mode de répartition', 'Type de clé', 'Répartition'],
      required: true,
      format: 'choice',
      choices: ALLOCATION_METHOD_CHOICES,
      help: 'pourcentage fixe : la colonne « Part (%) » donne la part du bâtiment ; surface : au prorata de la surface de plancher des bâtiments affectés par surface ; sous-compteur : selon les sous-compteurs du bâtiment.',
      example: 'pourcentage fixe',
    },
    {
      key: 'fraction',
      header: 'Part (%)',
      synonyms: ['Part', 'Pourcentage', 'Quote-part', 'Quote-part (%)', 'Clé (%)'],
      required: false,
      format: 'percent',
      help: 'Obligatoire pour la méthode « pourcentage fixe », vide sinon : plus de 0 et 100 au plus (40 ou 40 %).',
      example: '40',
    },
    ...validityColumns('l’affectation'),
  ],
};

export const ESTATE_TABLES: readonly TableSpec[] = [
  SITES_TABLE,
  BUILDINGS_TABLE,
  UNITS_TABLE,
  SHARES_TABLE,
  DELIVERY_POINTS_TABLE,
  ALLOCATIONS_TABLE,
];

export interface SiteRow {
  code: string;
  name: string;
  city?: string;
  address?: string;
  latitude?: number;
  longitude?: number;
}

export interface BuildingRow {
  code: string;
  name: string;
  siteCode: string;
  address?: string;
  latitude?: number;
  longitude?: number;
  floorAreaM2?: number;
  usefulAreaM2?: number;
  heatedAreaM2?: number;
  constructionYear?: number;
  activity?: BuildingActivity;
  mainHeatingEnergy?: Energy;
}

export interface UnitRow {
  code: string;
  name: string;
  kind?: FunctionalUnitKind;
  parentCode?: string;
}

/** Dates as the database stores them: `validTo` is the first day no longer covered (exclusive). */
export interface ShareRow {
  buildingCode: string;
  unitCode: string;
  /** Fraction of the building, 0 < share ≤ 1, six decimals. */
  share: number;
  validFrom: string;
  validTo?: string;
}

export interface DeliveryPointRow {
  energy: Energy;
  identifier: string;
  name?: string;
  networkOperator?: string;
  segment?: DeliverySegment;
  supplier?: string;
}

export interface AllocationRow {
  /** Energy when the file gives it; otherwise the identifier is resolved among known points. */
  energy?: Energy;
  identifierCell: CellValue;
  buildingCode: string;
  method: AllocationMethod;
  fraction?: number;
  validFrom: string;
  validTo?: string;
}

export interface EstateFile {
  parsed: ParsedWorkbook;
  sites: SourcedRecord<SiteRow>[];
  buildings: SourcedRecord<BuildingRow>[];
  units: SourcedRecord<UnitRow>[];
  shares: SourcedRecord<ShareRow>[];
  deliveryPoints: SourcedRecord<DeliveryPointRow>[];
  allocations: SourcedRecord<AllocationRow>[];
}

const AREA_LIMIT_M2 = 10_000_000;

function area(reader: RowReader, key: string): number | undefined {
  const parsed = reader.number(key, {
    min: 0,
    exclusiveMin: true,
    max: AREA_LIMIT_M2,
    suffixes: ['m²', 'm2'],
  });
  return parsed === undefined ? undefined : roundDecimal(parsed.decimal, 2);
}

/** Reads a percentage cell (50, « 50 % », or a 50 % Excel cell) as a fraction with six decimals. */
function percentFraction(reader: RowReader, key: string, required: boolean): number | undefined {
  const parsed = reader.number(key, { required, min: 0, exclusiveMin: true, max: 100, suffixes: ['%'] });
  if (parsed === undefined) return undefined;
  const fraction = scaleDecimal(parsed.decimal, 4) / 1_000_000;
  if (fraction === 0) {
    return reader.fail(
      key,
      `« ${parsed.decimal.replace('.', ',')} % » donne une part nulle une fois arrondie au millionième`,
    );
  }
  return fraction;
}

/** Reads the optional validity columns; the inclusive end day becomes the exclusive next day. */
function validity(reader: RowReader): { validFrom: string; validTo?: string } | undefined {
  const validFrom = reader.date('validFrom') ?? OPEN_START_DATE;
  const lastDay = reader.date('validTo');
  if (lastDay === undefined) return reader.failed ? undefined : { validFrom };
  if (lastDay < validFrom) {
    return reader.fail(
      'validTo',
      `la date de fin ${formatFrenchDate(lastDay)} précède la date de début ${formatFrenchDate(validFrom)}`,
    );
  }
  return { validFrom, validTo: addLocalDays(lastDay, 1) };
}

function textOf(reader: RowReader, key: string, maxLength = 200): string | undefined {
  return reader.text(key, { maxLength });
}

function parseSite(reader: RowReader): SiteRow | undefined {
  const code = reader.code('code', { required: true });
  const name = reader.text('name', { required: true });
  const row: Partial<SiteRow> = {
    code,
    name,
    city: textOf(reader, 'city', 200),
    address: textOf(reader, 'address', 500),
    latitude: reader.number('latitude', { min: -90, max: 90 })?.value,
    longitude: reader.number('longitude', { min: -180, max: 180 })?.value,
  };
  return code === undefined || name === undefined ? undefined : { ...row, code, name };
}

function parseBuilding(reader: RowReader): BuildingRow | undefined {
  const code = reader.code('code', { required: true });
  const name = reader.text('name', { required: true });
  const siteCode = reader.code('siteCode', { required: true });
  const row = {
    address: textOf(reader, 'address', 500),
    latitude: reader.number('latitude', { min: -90, max: 90 })?.value,
    longitude: reader.number('longitude', { min: -180, max: 180 })?.value,
    floorAreaM2: area(reader, 'floorAreaM2'),
    usefulAreaM2: area(reader, 'usefulAreaM2'),
    heatedAreaM2: area(reader, 'heatedAreaM2'),
    constructionYear: reader.number('constructionYear', { integer: true, min: 1000, max: 2200 })?.value,
    activity: reader.choice('activity', ACTIVITY_CHOICES),
    mainHeatingEnergy: reader.choice('mainHeatingEnergy', HEATING_ENERGY_CHOICES),
  };
  if (code === undefined || name === undefined || siteCode === undefined) return undefined;
  return { code, name, siteCode, ...row };
}

function parseUnit(reader: RowReader): UnitRow | undefined {
  const code = reader.code('code', { required: true });
  const name = reader.text('name', { required: true });
  const kind = reader.choice('kind', UNIT_KIND_CHOICES);
  const parentCode = reader.code('parentCode');
  if (code === undefined || name === undefined) return undefined;
  if (parentCode !== undefined && parentCode.toLowerCase() === code.toLowerCase()) {
    return reader.fail(
      'parentCode',
      `la composante « ${code} » ne peut pas être sa propre composante parente`,
    );
  }
  return { code, name, kind, parentCode };
}

function parseShare(reader: RowReader): ShareRow | undefined {
  const buildingCode = reader.code('buildingCode', { required: true });
  const unitCode = reader.code('unitCode', { required: true });
  const share = percentFraction(reader, 'share', true);
  const dates = validity(reader);
  if (buildingCode === undefined || unitCode === undefined || share === undefined || dates === undefined)
    return undefined;
  return { buildingCode, unitCode, share, ...dates };
}

function parseDeliveryPoint(reader: RowReader): DeliveryPointRow | undefined {
  const energy = reader.choice('energy', ENERGY_CHOICES, { required: true });
  const identifier =
    energy === undefined ? undefined : reader.identifier('identifier', energy, { required: true });
  const row = {
    name: textOf(reader, 'name'),
    networkOperator: textOf(reader, 'networkOperator', 100),
    segment: reader.choice('segment', SEGMENT_CHOICES),
    supplier: textOf(reader, 'supplier'),
  };
  if (energy === undefined || identifier === undefined) return undefined;
  if (row.segment !== undefined && !isSegmentAllowed(energy, row.segment)) {
    return reader.fail(
      'segment',
      `le segment « ${row.segment} » ne s’applique pas à cette énergie (électricité : C5 à C1 ou HTA ; gaz : T1 à T4 ou TP)`,
    );
  }
  return { energy, identifier, ...row };
}

function parseAllocation(reader: RowReader): AllocationRow | undefined {
  const energy = reader.choice('energy', ENERGY_CHOICES);
  const identifierCell = reader.requiredCell('identifier');
  // With the energy known the identifier's format is checked here; otherwise when it is resolved.
  if (identifierCell !== undefined && energy !== undefined) reader.identifier('identifier', energy);

  const buildingCode = reader.code('buildingCode', { required: true });
  const method = reader.choice('method', ALLOCATION_METHOD_CHOICES, { required: true });
  const fraction = percentFraction(reader, 'fraction', false);
  const dates = validity(reader);

  if (method === 'fixed' && fraction === undefined && !reader.failed) {
    return reader.fail(
      'fraction',
      'la méthode « pourcentage fixe » demande une part',
      'Indiquez la part du bâtiment en pourcentage puis réimportez le fichier.',
    );
  }
  if (method !== undefined && method !== 'fixed' && fraction !== undefined) {
    const label = ALLOCATION_METHOD_CHOICES.find((choice) => choice.value === method)?.label ?? method;
    return reader.fail(
      'fraction',
      `la méthode « ${label} » calcule la part elle-même`,
      'Videz la cellule ou choisissez la méthode « pourcentage fixe », puis réimportez le fichier.',
    );
  }
  if (
    identifierCell === undefined ||
    buildingCode === undefined ||
    method === undefined ||
    dates === undefined
  )
    return undefined;
  return { energy, identifierCell, buildingCode, method, fraction, ...dates };
}

/** Key of an identifier cell for duplicate checks before the delivery point is resolved. */
export function identifierCellKey(cell: CellValue): string {
  if (typeof cell === 'number' && Number.isInteger(cell)) return cell.toFixed(0).padStart(14, '0');
  return describeCell(cell).replace(/\s+/g, '').toUpperCase();
}

/**
 * Rejects every row of a group whose fractions add up to more than 100 %, because the shares of
 * one building (or the fixed keys of one delivery point) at one date cannot exceed the whole.
 */
function rejectOverfullGroups<T>(
  parsed: ParsedWorkbook,
  records: SourcedRecord<T>[],
  options: {
    groupOf: (value: T) => string | null;
    fractionOf: (value: T) => number;
    column: string;
    describe: (value: T) => string;
  },
): SourcedRecord<T>[] {
  const totals = new Map<string, number>();
  for (const record of records) {
    const group = options.groupOf(record.value);
    if (group !== null) totals.set(group, (totals.get(group) ?? 0) + options.fractionOf(record.value));
  }
  return records.filter((record) => {
    const group = options.groupOf(record.value);
    const total = group === null ? 0 : (totals.get(group) ?? 0);
    if (total <= 1 + 1e-9) return true;
    const percent = String(Math.round(total * 1_000_000) / 10_000).replace('.', ',');
    parsed.reject(
      record.ref.error(
        options.column,
        `${options.describe(record.value)} totalisent ${percent} % dans ce fichier, or leur somme ne peut pas dépasser 100 %`,
        'Corrigez ces parts puis réimportez le fichier.',
      ),
    );
    return false;
  });
}

function keep<T>(parsed: ParsedWorkbook, result: { kept: SourcedRecord<T>[]; errors: RowError[] }) {
  parsed.rejectEach(result.errors);
  return result.kept;
}

/** Reads the estate workbook: every table, each row checked on its own and against the file. */
export function parseEstateWorkbook(workbook: WorkbookData): EstateFile {
  const parsed = new ParsedWorkbook(workbook, ESTATE_TABLES);
  const lower = (text: string) => text.toLowerCase();

  const sites = keep(
    parsed,
    rejectDuplicates(parsed.read(SITES_TABLE, parseSite), {
      keyOf: (site) => lower(site.code),
      column: 'code',
      describe: (site) => `le site « ${site.code} »`,
      unit: 'site',
    }),
  );
  const buildings = keep(
    parsed,
    rejectDuplicates(parsed.read(BUILDINGS_TABLE, parseBuilding), {
      keyOf: (building) => lower(building.code),
      column: 'code',
      describe: (building) => `le bâtiment « ${building.code} »`,
      unit: 'bâtiment',
    }),
  );
  const units = keep(
    parsed,
    rejectDuplicates(parsed.read(UNITS_TABLE, parseUnit), {
      keyOf: (unit) => lower(unit.code),
      column: 'code',
      describe: (unit) => `la composante « ${unit.code} »`,
      unit: 'composante',
    }),
  );
  const uniqueShares = keep(
    parsed,
    rejectDuplicates(parsed.read(SHARES_TABLE, parseShare), {
      keyOf: (share) => `${lower(share.buildingCode)}|${lower(share.unitCode)}|${share.validFrom}`,
      column: 'unitCode',
      describe: (share) =>
        `la part de « ${share.unitCode} » dans « ${share.buildingCode} » à la même date de début`,
      unit: 'composante, bâtiment et date de début',
    }),
  );
  const shares = rejectOverfullGroups(parsed, uniqueShares, {
    groupOf: (share) => `${lower(share.buildingCode)}|${share.validFrom}`,
    fractionOf: (share) => share.share,
    column: 'share',
    describe: (share) =>
      `les parts du bâtiment « ${share.buildingCode} »${share.validFrom === OPEN_START_DATE ? '' : ` à partir du ${formatFrenchDate(share.validFrom)}`}`,
  });
  const deliveryPoints = keep(
    parsed,
    rejectDuplicates(parsed.read(DELIVERY_POINTS_TABLE, parseDeliveryPoint), {
      keyOf: (point) => `${point.energy}|${point.identifier}`,
      column: 'identifier',
      describe: (point) => `le point de livraison « ${point.identifier} »`,
      unit: 'point de livraison',
    }),
  );
  const uniqueAllocations = keep(
    parsed,
    rejectDuplicates(parsed.read(ALLOCATIONS_TABLE, parseAllocation), {
      keyOf: (allocation) =>
        `${identifierCellKey(allocation.identifierCell)}|${lower(allocation.buildingCode)}|${allocation.validFrom}`,
      column: 'buildingCode',
      describe: (allocation) =>
        `l’affectation au bâtiment « ${allocation.buildingCode} » à la même date de début`,
      unit: 'point de livraison, bâtiment et date de début',
    }),
  );
  const allocations = rejectOverfullGroups(parsed, uniqueAllocations, {
    groupOf: (allocation) =>
      allocation.method === 'fixed'
        ? `${identifierCellKey(allocation.identifierCell)}|${allocation.validFrom}`
        : null,
    fractionOf: (allocation) => allocation.fraction ?? 0,
    column: 'fraction',
    describe: () => 'les parts fixes de ce point de livraison à cette date de début',
  });
  return { parsed, sites, buildings, units, shares, deliveryPoints, allocations };
}
