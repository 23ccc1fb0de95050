import {
  type CellValue,
  describeCell,
  ENERGY_CHOICES,
  type Energy,
  identifierCandidates,
} from '@openfluides/core';
import type { Db } from '../db/database.js';

export interface KnownDeliveryPoint {
  id: string;
  energy: Energy;
  identifier: string;
}

export type Resolution = { point: KnownDeliveryPoint } | { reason: string; fix: string };

const energyLabel = (energy: Energy) =>
  ENERGY_CHOICES.find((choice) => choice.value === energy)?.label ?? energy;

/** The delivery points stored so far, found by the identifier cell of a row. */
export class DeliveryPointDirectory {
  private constructor(private readonly byKey: Map<string, KnownDeliveryPoint>) {}

  /** Loads every delivery point; an estate has hundreds, so one query beats one per row. */
  static async load(db: Db): Promise<DeliveryPointDirectory> {
    const rows = await db.selectFrom('delivery_points').select(['id', 'energy', 'identifier']).execute();
    return new DeliveryPointDirectory(
      new Map(
        rows.map((row) => [
          `${row.energy}|${row.identifier}`,
          { id: row.id, energy: row.energy, identifier: row.identifier },
        ]),
      ),
    );
  }

  /**
   * Finds the point that an identifier cell names, for the row's energy when given, else for any
   * energy. `unknownFix` is the French advice returned when no point matches.
   */
  resolve(cell: CellValue, energy: Energy | undefined, unknownFix: string): Resolution {
    const candidates = identifierCandidates(cell, energy);
    const matches = candidates
      .map((candidate) => this.byKey.get(`${candidate.energy}|${candidate.identifier}`))
      .filter((point): point is KnownDeliveryPoint => point !== undefined);
    if (matches.length === 1 && matches[0]) return { point: matches[0] };
    const shown = candidates[0]?.identifier ?? describeCell(cell);
    if (matches.length > 1) {
      return {
        reason: `l’identifiant « ${shown} » désigne plusieurs points de livraison (${matches.map((point) => energyLabel(point.energy)).join(', ')})`,
        fix: 'Ajoutez la colonne « Énergie » pour préciser lequel, puis réimportez le fichier.',
      };
    }
    const digits =
      /^\d+$/.test(shown) && shown.length !== 14
        ? ` ; un PRM ou un PCE compte 14 chiffres, celui-ci en compte ${shown.length}`
        : '';
    const forEnergy = energy === undefined ? '' : ` pour l’énergie « ${energyLabel(energy)} »`;
    return {
      reason: `le point de livraison « ${shown} » n’existe pas dans la plateforme${forEnergy}${digits}`,
      fix: unknownFix,
    };
  }

  add(point: KnownDeliveryPoint): void {
    this.byKey.set(`${point.energy}|${point.identifier}`, point);
  }
}
