import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, login, type TestApp } from './app.js';
import { seedEstate } from './estate-fixture.js';
import { buildWorkbook, fillTemplate, importFile, rowCounts, upload } from './history-import-helpers.js';

let testApp: TestApp;
let admin: Client;
let nobody: Client;

beforeAll(async () => {
  testApp = await createTestApp();
  const fixture = await seedEstate(testApp.database.db);
  admin = await login(testApp.app, fixture.users.admin.email, fixture.password);
  nobody = await login(testApp.app, fixture.users.nobody.email, fixture.password);
});

const FIX = 'Corrigez la cellule puis réimportez le fichier.';

/**
 * Builds an export from another tool: titles above the headers, columns in another order under
 * other names, and one mistake per rejected row.
 */
function brokenEstateWorkbook(): Promise<Buffer> {
  return buildWorkbook({
    Sites: [
      ['Code', 'Nom'],
      ['BRK', 'Campus cassé'],
    ],
    Bâtiments: [
      ['Export du patrimoine – bâtiments'],
      null,
      ['Extrait le 02/01/2024'],
      null,
      ['Surface', 'Ref bat', 'Site (code)', 'Nom', 'Année construction', 'Usage', 'Commentaire'],
      ['2 500', 'BRK-1', 'BRK', 'Bâtiment valide', 1990, 'bureaux', 'rien à signaler'],
      ['12,5a', 'BRK-2', 'BRK', 'Surface illisible'],
      [300, 'BRK-3', null, 'Sans site'],
      [450, 'BRK-4', 'BRK', 'Année en lettres', 'mille neuf cent'],
    ],
    Composantes: [
      ['Code unité', 'Nom unité'],
      ['BRK-U', 'Unité cassée'],
    ],
    Parts: [
      ['Répartition des surfaces'],
      ['Bâtiment', 'Composante', 'Tantième', 'Du'],
      ['INCONNU', 'BRK-U', 50, '01/01/2021'],
      ['BRK-1', 'BRK-U', 100, '31/02/2021'],
      ['BRK-1', 'BRK-U', 100, '01/06/2021'],
    ],
    PDL: [
      ['N° PDL', 'Fluide', 'GRD'],
      ['1234567890123', 'électricité', 'Enedis'],
      [98765432109876, 'électricité', 'Enedis'],
      ['GI123456', 'gaz', 'GRDF'],
    ],
    Affectations: [
      ['PDL', 'Bâtiment', 'Méthode', 'Part'],
      [98765432109876, 'BRK-1', 'fixe', null],
      [98765432109876, 'BRK-1', 'pourcentage fixe', 100],
      ['GI123456', 'BRK-9', 'surface', null],
    ],
  });
}

describe('rows with mistakes', () => {
  it('rejects bad estate rows, stores others', async () => {
    const report = await importFile(testApp, admin, 'estate', await brokenEstateWorkbook());
    expect(report.rejected.map((error) => error.message)).toEqual([
      `Feuille « Bâtiments », ligne 7, colonne « Surface » : « 12,5a » n’est pas un nombre. ${FIX}`,
      'Feuille « Bâtiments », ligne 8, colonne « Site (code) » : la cellule est vide alors que cette colonne est obligatoire. Remplissez la cellule puis réimportez le fichier.',
      `Feuille « Bâtiments », ligne 9, colonne « Année construction » : « mille neuf cent » n’est pas un nombre. ${FIX}`,
      'Feuille « Parts », ligne 3, colonne « Bâtiment » : le bâtiment « INCONNU » n’existe ni dans la feuille « Bâtiments » ni dans la plateforme. Ajoutez-le à la feuille « Bâtiments » ou corrigez le code, puis réimportez le fichier.',
      `Feuille « Parts », ligne 4, colonne « Du » : « 31/02/2021 » n’est pas une date du calendrier : écrivez-la au format jj/mm/aaaa. ${FIX}`,
      `Feuille « PDL », ligne 2, colonne « N° PDL » : « 1234567890123 » n’est pas un PRM valide : un PRM compte 14 chiffres (celui-ci en compte 13). ${FIX}`,
      'Feuille « Affectations », ligne 2, colonne « Part » : la méthode « pourcentage fixe » demande une part. Indiquez la part du bâtiment en pourcentage puis réimportez le fichier.',
      'Feuille « Affectations », ligne 4, colonne « Bâtiment » : le bâtiment « BRK-9 » n’existe ni dans la feuille « Bâtiments » ni dans la plateforme. Ajoutez-le à la feuille « Bâtiments » ou corrigez le code, puis réimportez le fichier.',
    ]);
    expect(report.rejected[0]).toMatchObject({
      sheet: 'Bâtiments',
      row: 7,
      column: 'Surface',
      value: '12,5a',
    });
    // 1 site + 4 buildings + 1 unit + 3 shares + 3 points + 3 allocations were read; 8 rejected.
    expect(report.counts).toEqual({ read: 15, stored: 7, updated: 0, unchanged: 0, rejected: 8 });
    expect(report.status).toBe('partial');
    expect(report.tables.find((table) => table.sheet === 'Bâtiments')).toEqual({
      sheet: 'Bâtiments',
      table: 'Bâtiments',
      headerRow: 5,
      rows: 4,
    });
    expect(report.warnings.map((warning) => warning.column)).toContain('Commentaire');

    const db = testApp.database.db;
    const building = await db
      .selectFrom('buildings')
      .selectAll()
      .where('code', '=', 'BRK-1')
      .executeTakeFirstOrThrow();
    expect(Number(building.floor_area_m2)).toBe(2500);
    expect(building.construction_year).toBe(1990);
    expect(building.activity).toBe('offices');
    const rejectedBuildings = await db
      .selectFrom('buildings')
      .select('code')
      .where('code', 'in', ['BRK-2', 'BRK-3', 'BRK-4'])
      .execute();
    expect(rejectedBuildings).toEqual([]);
    const share = await db
      .selectFrom('building_unit_shares')
      .select(['share', 'valid_from'])
      .where('building_id', '=', building.id)
      .executeTakeFirstOrThrow();
    expect([Number(share.share), share.valid_from]).toEqual([1, '2021-06-01']);
    const points = await db
      .selectFrom('delivery_points')
      .select(['energy', 'identifier'])
      .where('network_operator', 'in', ['Enedis', 'GRDF'])
      .orderBy('identifier')
      .execute();
    expect(points).toEqual([
      { energy: 'electricity', identifier: '98765432109876' },
      { energy: 'gas', identifier: 'GI123456' },
    ]);
    const allocation = await db
      .selectFrom('delivery_point_allocations as a')
      .innerJoin('delivery_points as p', 'p.id', 'a.delivery_point_id')
      .select(['a.method', 'a.fraction'])
      .where('p.identifier', '=', '98765432109876')
      .executeTakeFirstOrThrow();
    expect([allocation.method, Number(allocation.fraction)]).toEqual(['fixed', 1]);

    const run = await db
      .selectFrom('import_runs')
      .selectAll()
      .where('id', '=', report.importRunId ?? '0')
      .executeTakeFirstOrThrow();
    expect(run.status).toBe('partial');
    expect(run.rows_rejected).toBe(8);
    expect((run.errors as { message: string }[]).map((error) => error.message)).toEqual(
      report.rejected.map((error) => error.message),
    );
  });

  it('rejects invoices with reversed periods, unknown points and repeated numbers', async () => {
    const bytes = await buildWorkbook({
      'Export factures': [
        ['Factures 2023'],
        ['Total HT', 'Au', 'PDL', 'Facture', 'Du', 'Fournisseur'],
        ['100,00', '31/01/2023', 98800000000011, 'X-1', '01/01/2023', 'EDF'],
        ['50', '01/01/2023', 98800000000011, 'X-2', '31/01/2023', 'EDF'],
        ['50', '28/02/2023', 11111111111111, 'X-3', '01/02/2023', 'EDF'],
        ['1 000,5 €', '28/02/2023', 98800000000011, 'X-1', '01/02/2023', 'EDF'],
      ],
    });
    const report = await importFile(testApp, admin, 'invoices', bytes);
    expect(report.rejected.map((error) => error.message)).toEqual([
      `Feuille « Export factures », ligne 4, colonne « Au » : la fin de période 01/01/2023 précède son début 31/01/2023. ${FIX}`,
      'Feuille « Export factures », ligne 5, colonne « PDL » : le point de livraison « 11111111111111 » n’existe pas dans la plateforme. Importez d’abord le fichier du patrimoine qui le décrit, ou corrigez l’identifiant, puis réimportez le fichier.',
      'Feuille « Export factures », ligne 6, colonne « Facture » : la facture « X-1 » de « EDF » pour ce point de livraison figure déjà ligne 3. Gardez une seule ligne par facture puis réimportez le fichier.',
    ]);
    expect(report.counts).toEqual({ read: 4, stored: 1, updated: 0, unchanged: 0, rejected: 3 });
    const invoice = await testApp.database.db
      .selectFrom('invoices')
      .select(['amount_excl_tax_cents', 'period_end'])
      .where('invoice_number', '=', 'X-1')
      .executeTakeFirstOrThrow();
    expect(invoice).toEqual({ amount_excl_tax_cents: '10000', period_end: '2023-01-31' });
  });

  it('rejects repeated, negative and empty readings and reuses the existing operator meter', async () => {
    const bytes = await buildWorkbook({
      Conso: [
        ['PRM', 'Date', 'Conso kWh', 'Pmax'],
        [98800000000011, '01/03/2023', 100, 5],
        [98800000000011, '01/03/2023', 120, null],
        [98800000000011, '02/03/2023', '-5', null],
        [98800000000011, '03/03/2023', null, null],
      ],
    });
    const report = await importFile(testApp, admin, 'operator-history', bytes);
    expect(report.rejected.map((error) => error.message)).toEqual([
      'Feuille « Conso », ligne 3, colonne « Date » : le relevé du point de livraison « 98800000000011 » pour le jour 01/03/2023 figure déjà ligne 2. Gardez une seule ligne par point de livraison et période puis réimportez le fichier.',
      `Feuille « Conso », ligne 4, colonne « Conso kWh » : « -5 » doit être supérieur ou égal à 0. ${FIX}`,
      'Feuille « Conso », ligne 5, colonne « Conso kWh » : la ligne ne donne aucune valeur. Remplissez « Conso kWh » ou supprimez la ligne, puis réimportez le fichier.',
    ]);
    expect(report.counts).toEqual({ read: 4, stored: 1, updated: 0, unchanged: 0, rejected: 3 });
    expect(report.entities.meters?.items).toEqual([
      { action: 'unchanged', key: 'CPT-N1', sheet: null, row: null },
    ]);

    const registers = await testApp.database.db
      .selectFrom('registers as r')
      .innerJoin('meters as m', 'm.id', 'r.meter_id')
      .select(['r.id', 'r.kind', 'r.step', 'r.is_consumption'])
      .where('m.code', '=', 'CPT-N1')
      .orderBy('r.id')
      .execute();
    // The fixture's hourly register stays the consumption register; the daily one is added beside it.
    expect(registers.map((register) => [register.kind, register.step, register.is_consumption])).toEqual([
      ['ENERGY', 'PT1H', true],
      ['ENERGY', 'P1D', false],
    ]);
    const readings = await testApp.database.db
      .selectFrom('readings')
      .select(['interval_start', 'value'])
      .where('register_id', '=', registers[1]?.id ?? '0')
      .execute();
    expect(readings.map((reading) => [reading.interval_start.toISOString(), reading.value])).toEqual([
      ['2023-02-28T23:00:00.000Z', 100],
    ]);
  });
});

describe('unreadable files', () => {
  async function expectFileRejected(bytes: Buffer, fileName: string, message: string) {
    const before = await rowCounts(testApp.database.db);
    const runsBefore = await testApp.database.db.selectFrom('import_runs').select('id').execute();
    for (const url of ['/api/history-import/invoices/preview', '/api/history-import/invoices']) {
      const response = await upload(testApp, admin, url, bytes, fileName);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('validation-failed');
      expect(response.json().error.fields.file).toBe(message);
    }
    expect(await rowCounts(testApp.database.db)).toEqual(before);
    expect(await testApp.database.db.selectFrom('import_runs').select('id').execute()).toEqual(runsBefore);
  }

  const NOT_XLSX =
    'n’est pas un classeur Excel .xlsx lisible. Ouvrez-le dans Excel ou LibreOffice, enregistrez-le au format « Classeur Excel (.xlsx) » puis réimportez-le.';

  it('rejects random bytes and stores nothing', async () => {
    await expectFileRejected(
      randomBytes(4096),
      'aleatoire.xlsx',
      `Le fichier « aleatoire.xlsx » ${NOT_XLSX}`,
    );
  });

  it('rejects a truncated workbook', async () => {
    const bytes = await fillTemplate(admin, 'invoices', {});
    await expectFileRejected(
      bytes.subarray(0, bytes.length - 200),
      'coupe.xlsx',
      `Le fichier « coupe.xlsx » ${NOT_XLSX}`,
    );
  });

  it('explains that an old .xls must be saved as .xlsx', async () => {
    const ole2 = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      randomBytes(512),
    ]);
    await expectFileRejected(
      ole2,
      'ancien.xls',
      'Le fichier « ancien.xls » est un classeur .xls (ancien format) ou un classeur protégé par mot de passe. Retirez la protection, ouvrez-le dans Excel ou LibreOffice, enregistrez-le au format « Classeur Excel (.xlsx) » puis réimportez-le.',
    );
  });

  it('rejects a workbook without any recognised table', async () => {
    const bytes = await buildWorkbook({ Feuil1: [['Bonjour'], ['Rien à importer']] });
    await expectFileRejected(
      bytes,
      'vide.xlsx',
      'Aucune feuille du fichier « vide.xlsx » ne contient de tableau reconnu pour l’import « Historique des factures par point de livraison » (attendu : « Factures »). Vérifiez que vous importez le bon fichier et que sa ligne d’en-tête reprend les noms de colonnes du modèle, puis réimportez-le.',
    );
  });

  it('rejects an empty body', async () => {
    await expectFileRejected(
      Buffer.alloc(0),
      'rien.xlsx',
      'Le fichier « rien.xlsx » est vide. Choisissez le classeur .xlsx à importer puis réessayez.',
    );
  });

  it('rejects a file over 20 MB with a French message', async () => {
    const response = await upload(
      testApp,
      admin,
      '/api/history-import/estate/preview',
      Buffer.alloc(21 * 1024 * 1024),
    );
    expect(response.statusCode).toBe(413);
    expect(response.json().error.fields.file).toBe(
      'Le fichier dépasse 20 Mo. Découpez-le en plusieurs classeurs puis importez-les un par un.',
    );
  });
});

describe('rights', () => {
  it('forbids previews and imports to a user who is not an administrator', async () => {
    const bytes = await fillTemplate(admin, 'estate', {});
    for (const kind of ['estate', 'invoices', 'operator-history']) {
      for (const suffix of ['/preview', '']) {
        const response = await upload(testApp, nobody, `/api/history-import/${kind}${suffix}`, bytes);
        expect(response.statusCode).toBe(403);
        expect(response.json().error.code).toBe('forbidden');
      }
    }
  });

  it('lets any signed-in user download the templates', async () => {
    const response = await nobody.request('GET', '/api/history-import/templates/estate.xlsx');
    expect(response.statusCode).toBe(200);
  });

  it('answers 401 without a session', async () => {
    const bytes = await fillTemplate(admin, 'estate', {});
    for (const url of ['/api/history-import/estate/preview', '/api/history-import/estate']) {
      const response = await upload(testApp, null, url, bytes);
      expect(response.statusCode).toBe(401);
    }
    const template = await testApp.app.inject({
      method: 'GET',
      url: '/api/history-import/templates/estate.xlsx',
    });
    expect(template.statusCode).toBe(401);
  });
});
