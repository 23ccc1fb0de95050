/**
 * Climate adjustment of a year's consumption for the Décret tertiaire ("ajustement en fonction des
 * variations climatiques", art. 5 of the arrêté du 10 avril 2020 as amended on 13 April 2022).
 *
 * OPERAT computes the official value itself, and its exact formula was not available when this was
 * written. This module implements the ratio estimate that the platform shows as "estimation", not as
 * the OPERAT figure:
 *
 *   C_adj = C_other + C_heating × DJU_heating,ref / DJU_heating,year
 *                   + C_cooling × DJU_cooling,ref / DJU_cooling,year
 *
 * It keeps three rules of the texts and the OPERAT FAQ. Only heating and cooling are adjusted, and
 * domestic hot water is not, so leave it out of the heating share. The reference is the mean DJU
 * over 2001–2020 at the EFA's Météo-France station. Degree days use the "méthode des professionnels
 * de l'énergie" (COSTIC).
 */

export interface ClimateAdjustmentInput {
  /** Final energy of the year, all uses, kWh (gas in kWh PCI). */
  totalKwh: number;
  /** Part of `totalKwh` used for space heating, without domestic hot water, kWh. */
  heatingKwh: number;
  /** Part of `totalKwh` used for cooling, kWh; 0 when omitted. */
  coolingKwh?: number;
  /** Heating degree days of the year at the station, °C·day (COSTIC). */
  heatingDegreeDays: number;
  /** Mean yearly heating degree days over 2001–2020 at the same station, °C·day. */
  referenceHeatingDegreeDays: number;
  /** Cooling degree days of the year, °C·day; needed when `coolingKwh` > 0. */
  coolingDegreeDays?: number;
  /** Mean yearly cooling degree days over 2001–2020, °C·day. */
  referenceCoolingDegreeDays?: number;
}

export interface ClimateAdjustment {
  /** Adjusted consumption, kWh. */
  adjustedKwh: number;
  /** Consumption left as measured (all uses but heating and cooling), kWh. */
  otherKwh: number;
  adjustedHeatingKwh: number;
  adjustedCoolingKwh: number;
  /** DJU_ref / DJU_year for heating; 1 when the heating part is zero. */
  heatingRatio: number;
  /** DJU_ref / DJU_year for cooling; null when the cooling part is zero. */
  coolingRatio: number | null;
  /** The value is the platform's ratio estimate, not the figure OPERAT computes. */
  method: 'ratio-estimate';
  /** French messages for parts that could not be adjusted. */
  warnings: string[];
}

function checkKwh(value: number, name: string): void {
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`${name} must be a finite number ≥ 0 kWh; got ${value}`);
}

/** Adjust a year's consumption to the reference climate with the ratio estimate described above. */
export function adjustConsumptionForClimate(input: ClimateAdjustmentInput): ClimateAdjustment {
  const coolingKwh = input.coolingKwh ?? 0;
  checkKwh(input.totalKwh, 'totalKwh');
  checkKwh(input.heatingKwh, 'heatingKwh');
  checkKwh(coolingKwh, 'coolingKwh');
  if (input.heatingKwh + coolingKwh > input.totalKwh) {
    throw new RangeError(
      `Heating (${input.heatingKwh} kWh) and cooling (${coolingKwh} kWh) exceed the total (${input.totalKwh} kWh)`,
    );
  }
  const warnings: string[] = [];
  const otherKwh = input.totalKwh - input.heatingKwh - coolingKwh;

  let heatingRatio = 1;
  if (input.heatingKwh > 0) {
    if (input.heatingDegreeDays > 0 && input.referenceHeatingDegreeDays > 0) {
      heatingRatio = input.referenceHeatingDegreeDays / input.heatingDegreeDays;
    } else {
      warnings.push(
        'La part chauffage n’est pas ajustée au climat : les degrés-jours de chauffage de l’année ou de référence sont nuls ou absents. Vérifiez la station météo et la période.',
      );
    }
  }

  let coolingRatio: number | null = null;
  if (coolingKwh > 0) {
    const year = input.coolingDegreeDays ?? 0;
    const reference = input.referenceCoolingDegreeDays ?? 0;
    if (year > 0 && reference > 0) {
      coolingRatio = reference / year;
    } else {
      warnings.push(
        'La part refroidissement n’est pas ajustée au climat : les degrés-jours de refroidissement de l’année ou de référence sont nuls ou absents.',
      );
    }
  }

  const adjustedHeatingKwh = input.heatingKwh * heatingRatio;
  const adjustedCoolingKwh = coolingKwh * (coolingRatio ?? 1);
  return {
    adjustedKwh: otherKwh + adjustedHeatingKwh + adjustedCoolingKwh,
    otherKwh,
    adjustedHeatingKwh,
    adjustedCoolingKwh,
    heatingRatio,
    coolingRatio,
    method: 'ratio-estimate',
    warnings,
  };
}

/**
 * OPERAT counts heat bought from a heat network at 0.77 times the delivered kWh, whatever the
 * network's renewable share (arrêté du 13 avril 2022).
 */
export const OPERAT_HEAT_NETWORK_COEFFICIENT = 0.77;

/** OPERAT counts cold bought from a cold network at 0.25 times the delivered kWh (COP 4 convention). */
export const OPERAT_COLD_NETWORK_COEFFICIENT = 0.25;

/**
 * Weigh network energy as OPERAT does when part of it comes from heat or cold networks, kWh: other
 * energies + 0.77 × heat network + 0.25 × cold network.
 */
export function applyOperatNetworkCoefficients(input: {
  otherEnergiesKwh: number;
  heatNetworkKwh?: number;
  coldNetworkKwh?: number;
}): number {
  const heat = input.heatNetworkKwh ?? 0;
  const cold = input.coldNetworkKwh ?? 0;
  checkKwh(input.otherEnergiesKwh, 'otherEnergiesKwh');
  checkKwh(heat, 'heatNetworkKwh');
  checkKwh(cold, 'coldNetworkKwh');
  return (
    input.otherEnergiesKwh + OPERAT_HEAT_NETWORK_COEFFICIENT * heat + OPERAT_COLD_NETWORK_COEFFICIENT * cold
  );
}
