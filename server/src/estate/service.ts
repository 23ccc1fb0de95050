import { buildExcelCsv } from '@openfluides/core';
import type { Scope } from '../access/scope.js';
import type { FloorAreaChange } from '../analysis/floor-area.js';
import type { Actor, AuditRepository } from '../audit/repository.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { type BuildingFields, type BuildingFilter, EstateRepository } from './repository.js';

/** Maximum rows of one building export; the estate has a few hundred buildings. */
const EXPORT_ROW_LIMIT = 100_000;

/** Estate rules: which caller may read, change, create or delete which building. */
export class EstateService {
  private readonly repository: EstateRepository;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditRepository,
  ) {
    this.repository = new EstateRepository(db);
  }

  listBuildings(scope: Scope, filter: BuildingFilter) {
    return this.repository.listBuildings(scope, filter);
  }

  async getBuilding(scope: Scope, id: string) {
    const building = await this.repository.findBuilding(scope, id);
    if (!building) throw new AppError('not-found');
    return building;
  }

  listSites(scope: Scope) {
    return this.repository.listSites(scope);
  }

  listCreatableSites(scope: Scope) {
    return this.repository.listCreatableSites(scope);
  }

  listUnits(scope: Scope) {
    return this.repository.listUnits(scope);
  }

  async createBuilding(scope: Scope, fields: BuildingFields, actor: Actor) {
    if (
      !(await this.repository.siteExists(fields.siteId)) ||
      !(await this.repository.canConfigureSite(scope, fields.siteId))
    ) {
      // A site outside the caller's scope is reported like a missing one, so ids reveal nothing.
      throw new AppError('forbidden', { level: 'configure' });
    }
    if (await this.repository.codeTaken(fields.code)) {
      throw new AppError('conflict', { field: fields.code }, { code: 'already-used' });
    }
    const id = await this.db.transaction().execute(async (trx) => {
      const buildingId = await this.repository.insertBuilding(fields, trx);
      await this.audit.record(
        actor,
        { action: 'building.created', entityType: 'building', entityId: buildingId, details: { ...fields } },
        trx,
      );
      return buildingId;
    });
    return this.getBuilding(scope, id);
  }

  async updateBuilding(
    scope: Scope,
    id: string,
    changes: Partial<Omit<BuildingFields, 'siteId'>>,
    actor: Actor,
  ) {
    const before = await this.getBuilding(scope, id);
    if (changes.code !== undefined && (await this.repository.codeTaken(changes.code, id))) {
      throw new AppError('conflict', { field: changes.code }, { code: 'already-used' });
    }
    await this.db.transaction().execute(async (trx) => {
      const changed = await new EstateRepository(trx).updateBuilding(scope, id, changes);
      if (!changed) throw new AppError('forbidden', { level: 'write' });
      await this.audit.record(
        actor,
        { action: 'building.updated', entityType: 'building', entityId: id, details: { before, changes } },
        trx,
      );
    });
    return this.getBuilding(scope, id);
  }

  async deleteBuilding(scope: Scope, id: string, actor: Actor): Promise<void> {
    const before = await this.getBuilding(scope, id);
    await this.db.transaction().execute(async (trx) => {
      const deleted = await new EstateRepository(trx).deleteBuilding(scope, id);
      if (!deleted) throw new AppError('forbidden', { level: 'administer' });
      await this.audit.record(
        actor,
        { action: 'building.deleted', entityType: 'building', entityId: id, details: { before } },
        trx,
      );
    });
  }

  /** Current floor area of a building and its recorded changes (read level). */
  async getFloorAreas(scope: Scope, id: string) {
    const building = await this.getBuilding(scope, id);
    return {
      buildingId: id,
      floorAreaM2: building.floorAreaM2,
      changes: await this.repository.listFloorAreaChanges(id),
    };
  }

  /**
   * Records that before `changedOn` the building's floor area was `areaBeforeM2` (write level).
   * The date must be past and the current area known, since the change leads to it.
   */
  async putFloorAreaChange(scope: Scope, id: string, change: FloorAreaChange, actor: Actor, today: string) {
    const building = await this.repository.findBuilding(scope, id, 'write');
    if (!building) {
      await this.getBuilding(scope, id);
      throw new AppError('forbidden', { level: 'write' });
    }
    if (building.floorAreaM2 === null) {
      throw new AppError(
        'validation-failed',
        {},
        { areaBeforeM2: 'renseignez d’abord la surface de plancher actuelle du bâtiment' },
      );
    }
    if (change.changedOn > today) {
      throw new AppError(
        'validation-failed',
        {},
        { changedOn: 'la date du changement ne peut pas être future' },
      );
    }
    await this.db.transaction().execute(async (trx) => {
      await new EstateRepository(trx).putFloorAreaChange(id, change, trx);
      await this.audit.record(
        actor,
        {
          action: 'building.floor-area-change-saved',
          entityType: 'building',
          entityId: id,
          details: { ...change },
        },
        trx,
      );
    });
    return this.getFloorAreas(scope, id);
  }

  async deleteFloorAreaChange(scope: Scope, id: string, changedOn: string, actor: Actor) {
    const building = await this.repository.findBuilding(scope, id, 'write');
    if (!building) {
      await this.getBuilding(scope, id);
      throw new AppError('forbidden', { level: 'write' });
    }
    await this.db.transaction().execute(async (trx) => {
      const deleted = await new EstateRepository(trx).deleteFloorAreaChange(id, changedOn, trx);
      if (!deleted) throw new AppError('not-found');
      await this.audit.record(
        actor,
        {
          action: 'building.floor-area-change-deleted',
          entityType: 'building',
          entityId: id,
          details: { changedOn },
        },
        trx,
      );
    });
    return this.getFloorAreas(scope, id);
  }

  /** Visible buildings as a CSV file for French Excel, with the same filter as the list. */
  async exportBuildingsCsv(scope: Scope, filter: Omit<BuildingFilter, 'limit' | 'offset'>): Promise<string> {
    const { items } = await this.repository.listBuildings(scope, {
      ...filter,
      limit: EXPORT_ROW_LIMIT,
      offset: 0,
    });
    return buildExcelCsv(
      ['Code', 'Nom', 'Site', 'Adresse', 'Surface de plancher (m²)', 'Composantes'],
      items.map((building) => [
        building.code,
        building.name,
        building.siteName,
        building.address,
        building.floorAreaM2,
        building.unitNames.join(', '),
      ]),
    );
  }
}
