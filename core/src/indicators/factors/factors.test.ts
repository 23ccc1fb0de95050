import { describe, expect, it } from 'vitest';
import { factorAt } from './dated-factor.js';
import { EMISSION_FACTORS, emissionFactor } from './emission-factors.js';
import { GAS_PCI_PER_PCS, gasPciToPcs, gasPcsToPci, gasVolumeToKwhPcs } from './gas.js';
import { HEAT_NETWORK_FACTORS_2026, heatNetworkFactor } from './heat-networks.js';
import { PRIMARY_ENERGY_FACTORS, primaryEnergyFactor, toPrimaryEnergy } from './primary-energy.js';

describe('primary energy of electricity', () => {
  it('is 2.3 until 31 December 2025 and 1.9 from 1 January 2026', () => {
    expect(primaryEnergyFactor('electricity', '2025-12-31')?.value).toBe(2.3);
    expect(primaryEnergyFactor('electricity', '2026-01-01')?.value).toBe(1.9);
    expect(primaryEnergyFactor('electricity', '2030-06-15')?.value).toBe(1.9);
  });

  it('flags the value before July 2021 as unverified', () => {
    expect(primaryEnergyFactor('electricity', '2019-05-01')).toMatchObject({
      value: 2.58,
      status: 'unverified',
    });
  });

  it('converts final to primary energy', () => {
    // 1000 kWh EF of electricity: 2300 kWh EP in 2025, 1900 in 2026; gas stays at 1.
    expect(toPrimaryEnergy(1000, 'electricity', '2025-06-01')).toBeCloseTo(2300, 9);
    expect(toPrimaryEnergy(1000, 'electricity', '2026-06-01')).toBeCloseTo(1900, 9);
    expect(toPrimaryEnergy(1000, 'natural-gas', '2026-06-01')).toBe(1000);
  });

  it('has no gap or overlap between electricity periods', () => {
    const [first, second, third] = PRIMARY_ENERGY_FACTORS.electricity;
    expect(first?.validTo).toBe('2021-06-30');
    expect(second?.validFrom).toBe('2021-07-01');
    expect(second?.validTo).toBe('2025-12-31');
    expect(third?.validFrom).toBe('2026-01-01');
  });
});

describe('factorAt', () => {
  it('rejects a malformed date', () => {
    expect(() => factorAt([], '2025/01/01')).toThrow(RangeError);
  });
});

describe('emissionFactor', () => {
  it('returns the DPE 2021 values from July 2021', () => {
    expect(emissionFactor('dpe-2021', 'natural-gas', '2024-01-01')?.value).toBe(0.227);
    expect(emissionFactor('dpe-2021', 'fuel-oil', '2024-01-01')?.value).toBe(0.324);
    expect(emissionFactor('dpe-2021', 'electricity', '2024-01-01', 'heating')?.value).toBe(0.079);
    expect(emissionFactor('dpe-2021', 'electricity', '2024-01-01', 'hot-water')?.value).toBe(0.065);
    expect(emissionFactor('dpe-2021', 'natural-gas', '2021-06-30')).toBeNull();
  });

  it('returns the 2006 tertiary set, with metered electricity', () => {
    expect(emissionFactor('dpe-2006', 'natural-gas', '2015-01-01')?.value).toBe(0.234);
    expect(emissionFactor('dpe-2006', 'electricity', '2015-01-01', 'metered')?.value).toBe(0.084);
    expect(emissionFactor('dpe-2006', 'electricity', '2015-01-01', 'heating')?.value).toBe(0.18);
  });

  it('needs a use for electricity', () => {
    expect(emissionFactor('dpe-2021', 'electricity', '2024-01-01')).toBeNull();
  });

  it('states fuel factors per kWh PCI', () => {
    const fuels = EMISSION_FACTORS.filter((entry) => !entry.carrier.includes('electricity'));
    expect(fuels.every((entry) => entry.unit === 'kgCO2e/kWh PCI')).toBe(true);
    expect(emissionFactor('dpe-2006', 'natural-gas', '2015-01-01')?.unit).toBe('kgCO2e/kWh PCI');
  });

  it('states electricity factors per kWh without PCI', () => {
    expect(emissionFactor('dpe-2006', 'electricity', '2015-01-01', 'metered')?.unit).toBe('kgCO2e/kWh');
    expect(emissionFactor('dpe-2021', 'electricity', '2024-01-01', 'heating')?.unit).toBe('kgCO2e/kWh');
  });

  it('cites the arrêté for the 2006 set', () => {
    const metered = emissionFactor('dpe-2006', 'electricity', '2015-01-01', 'metered');
    expect(metered?.source).toContain('Arrêté du 15 septembre 2006');
    expect(metered?.source).toContain('annexe 4');
    expect(EMISSION_FACTORS.some((entry) => entry.source.includes('BBS'))).toBe(false);
  });
});

describe('gas conversions', () => {
  it('converts PCS to PCI with 0.90', () => {
    // 10 000 kWh PCS × 0.90 = 9 000 kWh PCI.
    expect(GAS_PCI_PER_PCS).toBe(0.9);
    expect(gasPcsToPci(10_000)).toBeCloseTo(9000, 9);
    expect(gasPciToPcs(9000)).toBeCloseTo(10_000, 9);
  });

  it('converts a volume with the invoice coefficient', () => {
    // 1200 m³ × 10.85 kWh/m³ = 13 020 kWh PCS.
    expect(gasVolumeToKwhPcs(1200, 10.85)).toBeCloseTo(13_020, 9);
    expect(() => gasVolumeToKwhPcs(1200, 0)).toThrow(RangeError);
  });
});

describe('heatNetworkFactor', () => {
  it('returns the Grenoble main network', () => {
    expect(heatNetworkFactor('3802C')).toEqual({
      id: '3802C',
      name: 'RÉSEAU PRINCIPAL DE GRENOBLE-ALPES MÉTROPOLE',
      town: 'GRENOBLE',
      kind: 'heat',
      co2KgPerKwh: 0.049,
      lifeCycleCo2KgPerKwh: 0.093,
      renewableSharePercent: 80.9,
      basis: '2024',
      edition: 2026,
    });
  });

  it('returns Gières, Valence and the Grenoble cold network', () => {
    expect(heatNetworkFactor('3820C')?.co2KgPerKwh).toBe(0.034);
    expect(heatNetworkFactor('2601C')?.co2KgPerKwh).toBe(0.109);
    expect(heatNetworkFactor(' 3802f ')).toMatchObject({
      kind: 'cold',
      co2KgPerKwh: 0.017,
      renewableSharePercent: null,
    });
  });

  it('holds the 40 rows of the extract and nothing else', () => {
    expect(HEAT_NETWORK_FACTORS_2026).toHaveLength(40);
    expect(heatNetworkFactor('7501C')).toBeNull();
  });
});
