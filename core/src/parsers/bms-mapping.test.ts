import { describe, expect, it } from 'vitest';
import { toCanonicalUnit, validateBmsMapping } from './bms-mapping.js';

const minimal = {
  layout: 'wide',
  timestamp: { column: 'Horodatage' },
  timestampMeaning: 'start',
  stepMinutes: 10,
  points: [{ source: 'Compteur', externalId: 'TGBT', measure: 'ENERGY', unit: 'kWh' }],
};

function errorsOf(json: unknown): string[] {
  const result = validateBmsMapping(json);
  return 'errors' in result ? result.errors : [];
}

describe('validateBmsMapping', () => {
  it('fills the defaults', () => {
    const result = validateBmsMapping(minimal);
    expect(result).toEqual({
      mapping: {
        layout: 'wide',
        timestamp: { column: 'Horodatage' },
        long: null,
        timeZone: 'Europe/Paris',
        timestampMeaning: 'start',
        stepMinutes: 10,
        dateOrder: 'auto',
        separator: 'auto',
        decimalMark: 'auto',
        encoding: 'auto',
        sheet: null,
        points: [
          {
            target: 'reading',
            source: 'Compteur',
            externalId: 'TGBT',
            measure: 'ENERGY',
            unit: 'kWh',
            multiplier: 1,
            valuesKind: 'interval',
          },
        ],
      },
    });
  });

  it('names each invalid field in French', () => {
    const errors = errorsOf({
      layout: 'large',
      timestamp: { dateColumn: 'Date' },
      timeZone: 'Paris',
      timestampMeaning: 'start',
      decimalMark: ';',
      points: [{ source: 'P', externalId: 'X', measure: 'ENERGY', unit: 'kW', multiplier: 0 }],
    });
    expect(errors).toEqual([
      'Champ « layout » : « large » n’est pas une valeur permise : choisissez « wide » ou « long ».',
      'Champ « timestamp.timeColumn » : ce champ est obligatoire : indiquez un texte non vide.',
      'Champ « timeZone » : « Paris » n’est pas un fuseau horaire IANA : écrivez par exemple « Europe/Paris » ou « UTC ».',
      'Champ « decimalMark » : « ; » n’est pas une valeur permise : choisissez « auto », « . » ou « , ».',
      'Champ « points[0].multiplier » : 0 n’est pas un coefficient valide : indiquez un nombre non nul (1 par défaut).',
      'Champ « points[0].unit » : « kW » n’est pas une valeur permise : choisissez « kWh », « Wh » ou « MWh ».',
    ]);
  });

  it('rejects unknown fields such as a misspelt zone', () => {
    const errors = errorsOf({ ...minimal, timezone: 'UTC' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('Champ « timezone » : ce champ n’existe pas');
    expect(errors[0]).toContain('« timeZone »');
  });

  it('requires a step for interval-end timestamps', () => {
    const errors = errorsOf({
      ...minimal,
      timestampMeaning: 'end',
      stepMinutes: undefined,
      points: [{ source: 'T', externalId: 'T', measure: 'TEMPERATURE', unit: 'degC' }],
    });
    expect(errors).toEqual([
      'Champ « stepMinutes » : un horodatage en fin d’intervalle demande la durée de l’intervalle : indiquez le pas en minutes.',
    ]);
    expect(errorsOf({ ...minimal, stepMinutes: 0 })[0]).toContain(
      'Champ « stepMinutes » : 0 n’est pas un pas valide',
    );
  });

  it('checks the long layout columns', () => {
    expect(errorsOf({ ...minimal, layout: 'long' })[0]).toContain(
      'Champ « long » : la disposition « long » demande ce champ',
    );
    expect(errorsOf({ ...minimal, layout: 'long', long: { pointColumn: 'Point' } })).toEqual([
      'Champ « long.valueColumn » : ce champ est obligatoire : indiquez un texte non vide.',
    ]);
    const twoPointsWithoutName = errorsOf({
      ...minimal,
      layout: 'long',
      long: { valueColumn: 'Value' },
      points: [minimal.points[0], { source: 'B', externalId: 'B', measure: 'POWER', unit: 'kW' }],
    });
    expect(twoPointsWithoutName[0]).toContain('Champ « long.pointColumn »');
    expect(errorsOf({ ...minimal, long: { valueColumn: 'Value' } })[0]).toContain(
      'Champ « long » : ce champ ne sert qu’à la disposition « long »',
    );
  });

  it('ties values kinds to measures', () => {
    expect(
      errorsOf({
        ...minimal,
        points: [{ source: 'C', externalId: 'C', measure: 'ENERGY', unit: 'kWh', valuesKind: 'index' }],
      })[0],
    ).toContain('Champ « points[0].valuesKind » : un compteur d’énergie se déclare avec la mesure « INDEX »');
    const index = validateBmsMapping({
      ...minimal,
      points: [{ source: 'C', externalId: 'C', measure: 'INDEX', unit: 'Wh' }],
    });
    expect(index).toMatchObject({ mapping: { points: [{ valuesKind: 'index' }] } });
    const volumeIndex = validateBmsMapping({
      ...minimal,
      points: [{ source: 'V', externalId: 'V', measure: 'VOLUME', unit: 'm3', valuesKind: 'index' }],
    });
    expect(volumeIndex).toMatchObject({ mapping: { points: [{ measure: 'VOLUME', valuesKind: 'index' }] } });
  });

  it('rejects two points on one column or one target', () => {
    const errors = errorsOf({
      ...minimal,
      points: [
        { source: 'Compteur', externalId: 'A', measure: 'ENERGY', unit: 'kWh' },
        { source: 'compteur', externalId: 'B', measure: 'ENERGY', unit: 'kWh' },
        { source: 'Autre', externalId: 'A', measure: 'ENERGY', unit: 'kWh' },
      ],
    });
    expect(errors).toEqual([
      'Champ « points[1].source » : « compteur » est déjà lu par points[0] : une colonne ou un point ne peut alimenter qu’une cible.',
      'Champ « points[2] » : ce point alimente la même cible que points[0] : donnez-lui un autre identifiant ou retirez l’un des deux.',
    ]);
  });

  it('accepts weather points with default units', () => {
    const result = validateBmsMapping({
      ...minimal,
      points: [{ target: 'weather', source: 'air_temperature', stationCode: 'ST', quantity: 'temperature' }],
    });
    expect(result).toMatchObject({
      mapping: {
        points: [
          {
            target: 'weather',
            source: 'air_temperature',
            stationCode: 'ST',
            quantity: 'temperature',
            unit: 'degC',
            multiplier: 1,
          },
        ],
      },
    });
    expect(
      errorsOf({
        ...minimal,
        points: [{ target: 'weather', source: 'h', stationCode: 'ST', quantity: 'humidity', unit: 'degC' }],
      })[0],
    ).toBe('Champ « points[0].unit » : « degC » n’est pas une valeur permise : choisissez « % ».');
  });

  it('rejects what is not an object', () => {
    expect(errorsOf('wide')).toEqual([
      'La correspondance doit être un objet JSON décrivant les colonnes et les points du fichier.',
    ]);
    expect(errorsOf({ ...minimal, points: [] })[0]).toBe(
      'Champ « points » : indiquez la liste des points à importer, avec au moins un point.',
    );
  });
});

describe('toCanonicalUnit', () => {
  it('converts to kWh, kW, m³ and °C', () => {
    expect(toCanonicalUnit(1234, 'Wh', 1)).toBe(1.234);
    expect(toCanonicalUnit(2.5, 'MWh', 1)).toBe(2500);
    expect(toCanonicalUnit(12_500, 'W', 1)).toBe(12.5);
    expect(toCanonicalUnit(250, 'L', 1)).toBe(0.25);
    // 10 pulses of 0.5 kWh.
    expect(toCanonicalUnit(10, 'kWh', 0.5)).toBe(5);
    // 212 °F is the boiling point of water, 100 °C; −40 is the same in both scales.
    expect(toCanonicalUnit(212, 'degF', 1)).toBe(100);
    expect(toCanonicalUnit(-40, 'degF', 1)).toBe(-40);
  });
});
