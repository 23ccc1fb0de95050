import type { Energy } from '@openfluides/core';
import type { Scope } from '../access/scope.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import {
  type PerimeterBuilding,
  type PerimeterMeter,
  type PerimeterRegister,
  PerimeterRepository,
} from './perimeter-repository.js';

export interface PerimeterInput {
  siteIds?: string[];
  buildingIds?: string[];
  unitIds?: string[];
  energies?: Energy[];
  meterIds?: string[];
  deliveryPointIds?: string[];
}

/**
 * A perimeter resolved in the caller's scope. In `buildings` mode the figures are the buildings'
 * energy through their allocation keys. In `meters` mode (meter or delivery point ids given) they
 * are the meters' own consumption registers, counted whole.
 */
export interface ResolvedPerimeter {
  mode: 'buildings' | 'meters';
  buildings: PerimeterBuilding[];
  meters: PerimeterMeter[];
  registers: PerimeterRegister[];
  energies: Energy[] | null;
}

const OPTION_LIMIT_DEFAULT = 20;

/** Perimeter rules: which ids a caller may name, and what a perimeter holds. */
export class PerimeterService {
  readonly repository: PerimeterRepository;

  constructor(db: Db) {
    this.repository = new PerimeterRepository(db);
  }

  /**
   * Rejects a perimeter naming an element outside the caller's scope with 404, as the API does for
   * any id the caller cannot read, and names the field in the error.
   */
  private async assertVisible(scope: Scope, input: PerimeterInput, fieldPrefix: string): Promise<void> {
    const checks: [keyof PerimeterInput, string[] | undefined, (ids: string[]) => Promise<Set<string>>][] = [
      ['siteIds', input.siteIds, (ids) => this.repository.visibleSiteIds(scope, ids)],
      ['buildingIds', input.buildingIds, (ids) => this.repository.visibleBuildingIdsAmong(scope, ids)],
      ['unitIds', input.unitIds, (ids) => this.repository.visibleUnitIds(scope, ids)],
      ['meterIds', input.meterIds, (ids) => this.repository.visibleMeterIdsAmong(scope, ids)],
      [
        'deliveryPointIds',
        input.deliveryPointIds,
        (ids) => this.repository.visibleDeliveryPointIdsAmong(scope, ids),
      ],
    ];
    for (const [field, ids, findVisible] of checks) {
      if (!ids?.length) continue;
      const visible = await findVisible(ids);
      const missing = ids.filter((id) => !visible.has(id));
      if (missing.length > 0) {
        throw new AppError(
          'not-found',
          {},
          {
            [`${fieldPrefix}${field}`]: `introuvable ou hors de votre périmètre : ${missing.join(', ')}`,
          },
        );
      }
    }
  }

  /** Resolves a perimeter; `fieldPrefix` names the perimeter's place in the request body for errors. */
  async resolve(scope: Scope, input: PerimeterInput, fieldPrefix = ''): Promise<ResolvedPerimeter> {
    await this.assertVisible(scope, input, fieldPrefix);
    const energies = input.energies?.length ? input.energies : null;
    const isMeterMode = Boolean(input.meterIds?.length || input.deliveryPointIds?.length);
    const hasBuildingFilter = Boolean(
      input.siteIds?.length || input.buildingIds?.length || input.unitIds?.length,
    );
    const buildingFilter = { siteIds: input.siteIds, buildingIds: input.buildingIds, unitIds: input.unitIds };

    let buildings: PerimeterBuilding[];
    let meters: PerimeterMeter[];
    if (!isMeterMode) {
      buildings = await this.repository.findBuildings(scope, buildingFilter);
      meters = await this.repository.findMeters(scope, {
        servingBuildingIds: buildings.map((building) => building.id),
        energies: energies ?? undefined,
      });
    } else {
      const servingBuildingIds = hasBuildingFilter
        ? (await this.repository.findBuildings(scope, buildingFilter)).map((building) => building.id)
        : undefined;
      meters = await this.repository.findMeters(scope, {
        meterIds: input.meterIds,
        deliveryPointIds: input.deliveryPointIds,
        servingBuildingIds,
        energies: energies ?? undefined,
      });
      const served = await this.repository.buildingIdsServedBy(meters.map((meter) => meter.id));
      buildings =
        served.length > 0 ? await this.repository.findBuildings(scope, { buildingIds: served }) : [];
    }
    const registers = await this.repository.findRegisters(meters.map((meter) => meter.id));
    return { mode: isMeterMode ? 'meters' : 'buildings', buildings, meters, registers, energies };
  }

  /** Sites, buildings, units, delivery points and meters in the caller's scope matching a search, for pickers. */
  async options(scope: Scope, search: string | undefined, limit = OPTION_LIMIT_DEFAULT) {
    const [sites, buildings, units, deliveryPoints, meters] = await Promise.all([
      this.repository.searchSites(scope, search, limit),
      this.repository.findBuildings(scope, { search, limit }),
      this.repository.searchUnits(scope, search, limit),
      this.repository.searchDeliveryPoints(scope, search, limit),
      this.repository.findMeters(scope, { search, limit }),
    ]);
    return {
      sites: sites.map((site) => ({ id: site.id, code: site.code, name: site.name, city: site.city })),
      buildings: buildings.map((building) => ({
        id: building.id,
        code: building.code,
        name: building.name,
        siteId: building.siteId,
        siteName: building.siteName,
      })),
      units: units.map((unit) => ({
        id: unit.id,
        code: unit.code,
        name: unit.name,
        kind: unit.kind,
        parentId: unit.parent_id,
      })),
      deliveryPoints: deliveryPoints.map((point) => ({
        id: point.id,
        identifier: point.identifier,
        name: point.name,
        energy: point.energy,
      })),
      meters: meters.map((meter) => ({
        id: meter.id,
        code: meter.code,
        name: meter.name,
        kind: meter.kind,
        energy: meter.energy,
        deliveryPointIdentifier: meter.deliveryPointIdentifier,
      })),
    };
  }

  async listSaved(scope: Scope) {
    const rows = await this.repository.listSaved(scope.userId);
    return rows.map(toSavedPerimeter);
  }

  async createSaved(scope: Scope, name: string, perimeter: PerimeterInput) {
    // The elements must be readable now; the scope applies again each time the perimeter is used.
    await this.assertVisible(scope, perimeter, 'perimeter.');
    if (await this.repository.savedNameTaken(scope.userId, name))
      throw new AppError('conflict', { field: name }, { name: 'already-used' });
    return toSavedPerimeter(await this.repository.insertSaved(scope.userId, name, perimeter));
  }

  async deleteSaved(scope: Scope, id: string): Promise<void> {
    if (!(await this.repository.deleteSaved(scope.userId, id))) throw new AppError('not-found');
  }
}

function toSavedPerimeter(row: {
  id: string;
  name: string;
  definition: unknown;
  created_at: Date;
  updated_at: Date;
}) {
  return {
    id: row.id,
    name: row.name,
    perimeter: row.definition as PerimeterInput,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
