import type { HistoryImportReport } from '@openfluides/core';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, login, type TestApp } from './app.js';
import { seedEstate } from './estate-fixture.js';
import { fillTemplate, importFile, rowCounts } from './history-import-helpers.js';

let testApp: TestApp;
let admin: Client;

const utc = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day));

beforeAll(async () => {
  testApp = await createTestApp();
  const fixture = await seedEstate(testApp.database.db);
  admin = await login(testApp.app, fixture.users.admin.email, fixture.password);
});

/**
 * Fills the estate template with a small eastern campus, written the way users do it: French
 * numbers as text, a PRM typed as a number (Excel drops its leading zero), dates as text and as
 * date cells.
 */
async function estateWorkbook(floorAreaOfA = '1 234,5'): Promise<Buffer> {
  return fillTemplate(admin, 'estate', {
    Sites: [
      {
        'Code site': 'EST',
        'Nom du site': 'Campus Est',
        Ville: 'Villeneuve-d’Ascq',
        Latitude: '50,6097',
        Longitude: 3.1442,
      },
    ],
    Composantes: [
      {
        'Code composante': 'SCI-E',
        'Nom de la composante': 'Faculté des sciences Est',
        'Type de composante': 'faculté',
      },
      {
        'Code composante': 'LAB-E',
        'Nom de la composante': 'Laboratoire Est',
        'Type de composante': 'labo',
        'Code composante parente': 'SCI-E',
      },
    ],
    Bâtiments: [
      {
        'Code bâtiment': 'EST-A',
        'Nom du bâtiment': 'Bâtiment A',
        'Code site': 'EST',
        'Surface de plancher (m²)': floorAreaOfA,
        'Surface utile (m²)': 1000,
        'Surface chauffée (m²)': '1\u202f100,25',
        'Année de construction': 1972,
        Activité: 'enseignement',
        'Énergie de chauffage principale': 'gaz',
      },
      {
        'Code bâtiment': 'EST-B',
        'Nom du bâtiment': 'Bâtiment B',
        'Code site': 'EST',
        'Surface de plancher (m²)': 800,
        Activité: 'recherche',
        'Énergie de chauffage principale': 'réseau de chaleur',
      },
    ],
    'Parts des composantes': [
      { 'Code bâtiment': 'EST-A', 'Code composante': 'SCI-E', 'Part (%)': 60 },
      { 'Code bâtiment': 'EST-A', 'Code composante': 'LAB-E', 'Part (%)': '40 %' },
      {
        'Code bâtiment': 'EST-B',
        'Code composante': 'LAB-E',
        'Part (%)': 100,
        'Date de début': utc(2020, 1, 1),
      },
    ],
    'Points de livraison': [
      {
        Énergie: 'électricité',
        'Point de livraison (PRM/PCE)': 1234567890123,
        'Nom du point de livraison': 'TGBT Est',
        'Gestionnaire de réseau': 'Enedis',
        Segment: 'C4',
        Fournisseur: 'EDF',
      },
      {
        Énergie: 'gaz',
        'Point de livraison (PRM/PCE)': '21987654321098',
        'Gestionnaire de réseau': 'GRDF',
        Segment: 'T2',
      },
    ],
    'Affectations des PDL': [
      {
        'Point de livraison (PRM/PCE)': 1234567890123,
        'Code bâtiment': 'EST-A',
        'Méthode de répartition': 'pourcentage fixe',
        'Part (%)': 70,
      },
      {
        'Point de livraison (PRM/PCE)': 1234567890123,
        'Code bâtiment': 'EST-B',
        'Méthode de répartition': 'fixe',
        'Part (%)': '30',
        'Date de fin': '31/12/2030',
      },
      {
        'Point de livraison (PRM/PCE)': '21987654321098',
        'Code bâtiment': 'EST-A',
        'Méthode de répartition': 'surface',
      },
      {
        'Point de livraison (PRM/PCE)': '21987654321098',
        'Code bâtiment': 'EST-B',
        'Méthode de répartition': 'surface',
      },
    ],
  });
}

async function invoicesWorkbook(): Promise<Buffer> {
  return fillTemplate(admin, 'invoices', {
    Factures: [
      {
        'Point de livraison (PRM/PCE)': 1234567890123,
        Fournisseur: 'EDF',
        'N° de facture': 'FA-2023-001',
        'Date de facture': '15/02/2023',
        'Date de début': '01/01/2023',
        'Date de fin': '31/01/2023',
        'Consommation (kWh)': '12 345',
        'Montant HT (€)': '1 234,56 €',
        'TVA (€)': 246.91,
        'Montant TTC (€)': '1\u00a0481,47',
      },
      {
        'Point de livraison (PRM/PCE)': 1234567890123,
        Fournisseur: 'EDF',
        'N° de facture': 'FA-2023-002',
        'Date de début': utc(2023, 2, 1),
        'Date de fin': utc(2023, 2, 28),
        'Consommation (kWh)': 11000.5,
        // Stored as 1100.00499999…, displayed 1100.005: half a cent rounds up to 110001.
        'Montant HT (€)': 1100.005,
        'TVA (€)': 220,
      },
      {
        Énergie: 'gaz',
        'Point de livraison (PRM/PCE)': '21987654321098',
        Fournisseur: 'Engie',
        'N° de facture': 'G-77',
        'Date de début': '2023-01-01',
        'Date de fin': '2023-01-31',
        'Consommation (kWh)': 20000,
        'Montant HT (€)': '-12,345',
      },
    ],
  });
}

async function operatorWorkbook(): Promise<Buffer> {
  return fillTemplate(admin, 'operator-history', {
    'Relevés mensuels': [
      {
        'Point de livraison (PRM/PCE)': 1234567890123,
        Mois: 'janvier 2023',
        'Consommation (kWh)': '12 345',
        'Puissance maximale (kW)': '42,5',
      },
      { 'Point de livraison (PRM/PCE)': 1234567890123, Mois: 'févr. 2023', 'Consommation (kWh)': '11 000,5' },
      { 'Point de livraison (PRM/PCE)': 1234567890123, Mois: utc(2023, 3, 1), 'Consommation (kWh)': 10200 },
      { 'Point de livraison (PRM/PCE)': 1234567890123, Mois: '07/2023', 'Consommation (kWh)': 9000 },
    ],
    'Relevés journaliers': [
      { 'Point de livraison (PRM/PCE)': '21987654321098', Jour: '01/02/2023', 'Consommation (kWh)': 650 },
      {
        'Point de livraison (PRM/PCE)': '21987654321098',
        Jour: utc(2023, 2, 2),
        'Consommation (kWh)': '700,25',
      },
      {
        'Point de livraison (PRM/PCE)': '21987654321098',
        Jour: '2023-02-03',
        'Consommation (kWh)': '680,5 kWh',
      },
    ],
  });
}

async function buildingByCode(code: string) {
  return testApp.database.db
    .selectFrom('buildings')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
}

async function pointId(identifier: string): Promise<string> {
  const row = await testApp.database.db
    .selectFrom('delivery_points')
    .select('id')
    .where('identifier', '=', identifier)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('templates', () => {
  it('serves the three templates with their French sheets', async () => {
    const expected = {
      estate: [
        'Mode d’emploi',
        'Sites',
        'Bâtiments',
        'Composantes',
        'Parts des composantes',
        'Points de livraison',
        'Affectations des PDL',
      ],
      invoices: ['Mode d’emploi', 'Factures'],
      'operator-history': ['Mode d’emploi', 'Relevés mensuels', 'Relevés journaliers'],
    };
    for (const [kind, sheets] of Object.entries(expected)) {
      const response = await admin.request('GET', `/api/history-import/templates/${kind}.xlsx`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(sheets);
    }
  });

  it('formats identifiers as text, dates as dd/mm/yyyy, and explains each header', async () => {
    const response = await admin.request('GET', '/api/history-import/templates/invoices.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Factures');
    const headers: string[] = [];
    sheet?.getRow(1).eachCell((cell) => {
      headers.push(String(cell.value));
    });
    expect(headers).toEqual([
      'Énergie',
      'Point de livraison (PRM/PCE)',
      'Fournisseur',
      'N° de facture',
      'Date de facture',
      'Date de début',
      'Date de fin',
      'Consommation (kWh)',
      'Montant HT (€)',
      'TVA (€)',
      'Montant TTC (€)',
    ]);
    expect(sheet?.getColumn(2).numFmt).toBe('@');
    expect(sheet?.getColumn(6).numFmt).toBe('dd/mm/yyyy');
    expect(String(sheet?.getCell('B1').note)).toContain('Obligatoire.');
    expect(String(sheet?.getCell('A1').note)).toContain(
      'électricité, gaz, réseau de chaleur, réseau de froid, bois, fioul, eau',
    );

    const instructions = workbook.getWorksheet('Mode d’emploi');
    const texts: string[] = [];
    instructions?.eachRow((row) => {
      texts.push(row.values?.toString() ?? '');
    });
    expect(texts.some((text) => text.includes('Montant HT (€)') && text.includes('Total HT'))).toBe(true);
  });

  it('rejects an unknown kind', async () => {
    const response = await admin.request('GET', '/api/history-import/templates/weather.xlsx');
    expect(response.statusCode).toBe(400);
  });
});

describe('historical import round trip', () => {
  let firstEstate: HistoryImportReport;

  it('previews the estate without writing anything', async () => {
    const before = await rowCounts(testApp.database.db);
    const report = await importFile(testApp, admin, 'estate', await estateWorkbook(), { preview: true });
    expect(report.dryRun).toBe(true);
    expect(report.importRunId).toBeNull();
    // 1 site + 2 units + 2 buildings + 3 shares + 2 points + 4 allocations = 14 rows.
    expect(report.counts).toEqual({ read: 14, stored: 14, updated: 0, unchanged: 0, rejected: 0 });
    expect(report.entities.buildings?.items.map((item) => [item.action, item.key])).toEqual([
      ['create', 'EST-A'],
      ['create', 'EST-B'],
    ]);
    expect(await rowCounts(testApp.database.db)).toEqual(before);
    const runs = await testApp.database.db.selectFrom('import_runs').select('id').execute();
    expect(runs).toHaveLength(0);
  });

  it('imports the filled estate template', async () => {
    firstEstate = await importFile(testApp, admin, 'estate', await estateWorkbook(), {
      fileName: 'patrimoine.xlsx',
    });
    expect(firstEstate.rejected).toEqual([]);
    expect(firstEstate.status).toBe('succeeded');
    expect(firstEstate.counts).toEqual({ read: 14, stored: 14, updated: 0, unchanged: 0, rejected: 0 });

    const site = await testApp.database.db
      .selectFrom('sites')
      .selectAll()
      .where('code', '=', 'EST')
      .executeTakeFirstOrThrow();
    expect(site.latitude).toBe(50.6097);
    expect(site.longitude).toBe(3.1442);
    expect(site.city).toBe('Villeneuve-d’Ascq');

    const buildingA = await buildingByCode('EST-A');
    expect(Number(buildingA.floor_area_m2)).toBe(1234.5);
    expect(Number(buildingA.useful_area_m2)).toBe(1000);
    expect(Number(buildingA.heated_area_m2)).toBe(1100.25);
    expect(buildingA.construction_year).toBe(1972);
    expect(buildingA.activity).toBe('teaching');
    expect(buildingA.main_heating_energy).toBe('gas');
    expect(buildingA.site_id).toBe(site.id);
    const buildingB = await buildingByCode('EST-B');
    expect(buildingB.main_heating_energy).toBe('district_heating');

    const units = await testApp.database.db
      .selectFrom('functional_units as u')
      .leftJoin('functional_units as p', 'p.id', 'u.parent_id')
      .select(['u.code', 'u.kind', 'p.code as parent'])
      .where('u.code', 'in', ['SCI-E', 'LAB-E'])
      .orderBy('u.code')
      .execute();
    expect(units).toEqual([
      { code: 'LAB-E', kind: 'laboratory', parent: 'SCI-E' },
      { code: 'SCI-E', kind: 'faculty', parent: null },
    ]);

    const shares = await testApp.database.db
      .selectFrom('building_unit_shares as s')
      .innerJoin('buildings as b', 'b.id', 's.building_id')
      .innerJoin('functional_units as u', 'u.id', 's.unit_id')
      .select(['b.code as building', 'u.code as unit', 's.share', 's.valid_from', 's.valid_to'])
      .where('b.code', 'in', ['EST-A', 'EST-B'])
      .orderBy('b.code')
      .orderBy('u.code')
      .execute();
    expect(
      shares.map((share) => [
        share.building,
        share.unit,
        Number(share.share),
        share.valid_from,
        share.valid_to,
      ]),
    ).toEqual([
      ['EST-A', 'LAB-E', 0.4, '1900-01-01', null],
      ['EST-A', 'SCI-E', 0.6, '1900-01-01', null],
      ['EST-B', 'LAB-E', 1, '2020-01-01', null],
    ]);

    const electricity = await testApp.database.db
      .selectFrom('delivery_points')
      .selectAll()
      .where('energy', '=', 'electricity')
      .where('name', '=', 'TGBT Est')
      .executeTakeFirstOrThrow();
    expect(electricity.identifier).toBe('01234567890123');
    expect(electricity.segment).toBe('C4');
    expect(electricity.network_operator).toBe('Enedis');
    expect(electricity.supplier).toBe('EDF');

    const allocations = await testApp.database.db
      .selectFrom('delivery_point_allocations as a')
      .innerJoin('delivery_points as p', 'p.id', 'a.delivery_point_id')
      .innerJoin('buildings as b', 'b.id', 'a.building_id')
      .select(['p.identifier', 'b.code', 'a.method', 'a.fraction', 'a.valid_to'])
      .where('b.code', 'in', ['EST-A', 'EST-B'])
      .orderBy('p.identifier')
      .orderBy('b.code')
      .execute();
    expect(
      allocations.map((row) => [
        row.identifier,
        row.code,
        row.method,
        row.fraction === null ? null : Number(row.fraction),
        row.valid_to,
      ]),
    ).toEqual([
      ['01234567890123', 'EST-A', 'fixed', 0.7, null],
      // The last day included, 31/12/2030, is stored as the exclusive end 2031-01-01.
      ['01234567890123', 'EST-B', 'fixed', 0.3, '2031-01-01'],
      ['21987654321098', 'EST-A', 'surface', null, null],
      ['21987654321098', 'EST-B', 'surface', null, null],
    ]);

    const run = await testApp.database.db
      .selectFrom('import_runs')
      .selectAll()
      .where('id', '=', firstEstate.importRunId ?? '0')
      .executeTakeFirstOrThrow();
    expect(run.kind).toBe('history-estate');
    expect(run.status).toBe('succeeded');
    expect(run.file_name).toBe('patrimoine.xlsx');
    expect(run.file_sha256).toBe(firstEstate.fileSha256);
    expect([run.rows_read, run.rows_stored, run.rows_updated, run.rows_unchanged, run.rows_rejected]).toEqual(
      [14, 14, 0, 0, 0],
    );
    const audit = await testApp.database.db
      .selectFrom('audit_log')
      .select(['action', 'user_email'])
      .where('entity_type', '=', 'import_run')
      .where('entity_id', '=', run.id)
      .execute();
    expect(audit).toEqual([{ action: 'history-import.completed', user_email: 'admin@test.fr' }]);
  });

  it('imports invoices with amounts in cents', async () => {
    const report = await importFile(testApp, admin, 'invoices', await invoicesWorkbook());
    expect(report.rejected).toEqual([]);
    expect(report.counts).toEqual({ read: 3, stored: 3, updated: 0, unchanged: 0, rejected: 0 });
    const invoices = await testApp.database.db
      .selectFrom('invoices')
      .selectAll()
      .orderBy('invoice_number')
      .execute();
    const byNumber = Object.fromEntries(invoices.map((invoice) => [invoice.invoice_number, invoice]));
    expect(byNumber['FA-2023-001']).toMatchObject({
      supplier: 'EDF',
      delivery_point_id: await pointId('01234567890123'),
      issued_on: '2023-02-15',
      period_start: '2023-01-01',
      period_end: '2023-01-31',
      energy_kwh: 12345,
      amount_excl_tax_cents: '123456',
      tax_cents: '24691',
      amount_incl_tax_cents: '148147',
      import_id: report.importRunId,
    });
    expect(byNumber['FA-2023-002']).toMatchObject({
      period_start: '2023-02-01',
      period_end: '2023-02-28',
      energy_kwh: 11000.5,
      amount_excl_tax_cents: '110001',
      tax_cents: '22000',
      amount_incl_tax_cents: null,
      issued_on: null,
    });
    // -12,345 € is a credit note; half a cent rounds away from zero to -1 235 cents.
    expect(byNumber['G-77']).toMatchObject({
      supplier: 'Engie',
      delivery_point_id: await pointId('21987654321098'),
      amount_excl_tax_cents: '-1235',
    });
  });

  it('imports monthly and daily operator readings at Paris midnight', async () => {
    const report = await importFile(testApp, admin, 'operator-history', await operatorWorkbook());
    expect(report.rejected).toEqual([]);
    expect(report.counts).toEqual({ read: 7, stored: 7, updated: 0, unchanged: 0, rejected: 0 });
    expect(report.entities.meters?.items.map((item) => [item.action, item.key])).toEqual([
      ['create', 'PDL-01234567890123'],
      ['create', 'PDL-21987654321098'],
    ]);
    expect(report.maxPowers).toEqual([
      {
        energy: 'electricity',
        identifier: '01234567890123',
        step: 'P1M',
        periodStart: '2023-01-01',
        maxPowerKw: 42.5,
        sheet: 'Relevés mensuels',
        row: 2,
      },
    ]);

    const db = testApp.database.db;
    const monthlyRegister = await db
      .selectFrom('registers as r')
      .innerJoin('meters as m', 'm.id', 'r.meter_id')
      .select([
        'r.id',
        'r.kind',
        'r.step',
        'r.unit',
        'r.is_consumption',
        'm.kind as meter_kind',
        'm.delivery_point_id',
      ])
      .where('m.code', '=', 'PDL-01234567890123')
      .executeTakeFirstOrThrow();
    expect(monthlyRegister).toMatchObject({
      kind: 'ENERGY',
      step: 'P1M',
      unit: 'kWh',
      is_consumption: true,
      meter_kind: 'operator',
      delivery_point_id: await pointId('01234567890123'),
    });

    const readings = await db
      .selectFrom('readings')
      .select(['interval_start', 'value', 'quality', 'import_id'])
      .where('register_id', '=', monthlyRegister.id)
      .orderBy('interval_start')
      .execute();
    expect(
      readings.map((reading) => [reading.interval_start.toISOString(), reading.value, reading.quality]),
    ).toEqual([
      // Paris midnight is 23:00 UTC the day before in winter, 22:00 UTC in summer.
      ['2022-12-31T23:00:00.000Z', 12345, 1],
      ['2023-01-31T23:00:00.000Z', 11000.5, 1],
      ['2023-02-28T23:00:00.000Z', 10200, 1],
      ['2023-06-30T22:00:00.000Z', 9000, 1],
    ]);
    expect(readings.every((reading) => reading.import_id === report.importRunId)).toBe(true);

    const monthly = await db
      .selectFrom('readings_monthly')
      .select(['month', 'quantity'])
      .where('register_id', '=', monthlyRegister.id)
      .orderBy('month')
      .execute();
    expect(monthly).toEqual([
      { month: '2023-01-01', quantity: 12345 },
      { month: '2023-02-01', quantity: 11000.5 },
      { month: '2023-03-01', quantity: 10200 },
      { month: '2023-07-01', quantity: 9000 },
    ]);

    const dailyRegister = await db
      .selectFrom('registers as r')
      .innerJoin('meters as m', 'm.id', 'r.meter_id')
      .select(['r.id', 'r.step'])
      .where('m.code', '=', 'PDL-21987654321098')
      .executeTakeFirstOrThrow();
    expect(dailyRegister.step).toBe('P1D');
    const gasMonth = await db
      .selectFrom('readings_monthly')
      .select('quantity')
      .where('register_id', '=', dailyRegister.id)
      .where('month', '=', '2023-02-01')
      .executeTakeFirstOrThrow();
    // 650 + 700,25 + 680,5 = 2 030,75 kWh.
    expect(gasMonth.quantity).toBe(2030.75);
    const gasDay = await db
      .selectFrom('readings_daily')
      .select('quantity')
      .where('register_id', '=', dailyRegister.id)
      .where('local_date', '=', '2023-02-02')
      .executeTakeFirstOrThrow();
    expect(gasDay.quantity).toBe(700.25);
  });

  it('changes nothing when the same files are imported again', async () => {
    const before = await rowCounts(testApp.database.db);
    const estate = await importFile(testApp, admin, 'estate', await estateWorkbook());
    const invoices = await importFile(testApp, admin, 'invoices', await invoicesWorkbook());
    const operator = await importFile(testApp, admin, 'operator-history', await operatorWorkbook());
    expect(estate.counts).toEqual({ read: 14, stored: 0, updated: 0, unchanged: 14, rejected: 0 });
    expect(invoices.counts).toEqual({ read: 3, stored: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(operator.counts).toEqual({ read: 7, stored: 0, updated: 0, unchanged: 7, rejected: 0 });
    expect(operator.entities.meters?.created).toBe(0);
    expect(operator.entities.registers?.created).toBe(0);
    expect(await rowCounts(testApp.database.db)).toEqual(before);
  });

  it('previews a changed floor area, then updates it', async () => {
    const changed = await estateWorkbook('1 300');
    const preview = await importFile(testApp, admin, 'estate', changed, { preview: true });
    expect(preview.counts).toEqual({ read: 14, stored: 0, updated: 1, unchanged: 13, rejected: 0 });
    expect(preview.entities.buildings?.items[0]).toEqual({
      action: 'update',
      key: 'EST-A',
      sheet: 'Bâtiments',
      row: 2,
      changes: { floorAreaM2: { before: 1234.5, after: 1300 } },
    });
    expect(Number((await buildingByCode('EST-A')).floor_area_m2)).toBe(1234.5);

    const report = await importFile(testApp, admin, 'estate', changed);
    expect(report.counts.updated).toBe(1);
    expect(Number((await buildingByCode('EST-A')).floor_area_m2)).toBe(1300);
  });
});
