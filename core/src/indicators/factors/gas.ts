/**
 * Natural gas is metered in m³ and billed in kWh PCS (higher heating value), while the DPE factors
 * and the Décret tertiaire work in kWh PCI (lower heating value).
 */

/**
 * kWh PCI per kWh PCS: 0.90, the SDES convention (PCI about 10 % below PCS). The often-quoted ratio
 * PCS/PCI ≈ 1.11 gives 1/1.11 ≈ 0.901, within 0.1 % of it.
 */
export const GAS_PCI_PER_PCS = 0.9;

/** Convert kWh PCS (as on gas invoices) to kWh PCI. */
export function gasPcsToPci(kwhPcs: number, ratio = GAS_PCI_PER_PCS): number {
  return kwhPcs * ratio;
}

/** Convert kWh PCI to kWh PCS. */
export function gasPciToPcs(kwhPci: number, ratio = GAS_PCI_PER_PCS): number {
  return kwhPci / ratio;
}

/**
 * Convert a metered gas volume to kWh PCS: m³ × the distributor's conversion coefficient in kWh/m³.
 * The coefficient is printed on each invoice. It is about 10–11 kWh/m³, lower at altitude and for B gas.
 */
export function gasVolumeToKwhPcs(volumeM3: number, conversionCoefficientKwhPerM3: number): number {
  if (!(conversionCoefficientKwhPerM3 > 0)) {
    throw new RangeError(
      `Gas conversion coefficient must be > 0 kWh/m³; got ${conversionCoefficientKwhPerM3}`,
    );
  }
  return volumeM3 * conversionCoefficientKwhPerM3;
}
