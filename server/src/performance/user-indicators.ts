import { evaluateFormula, type FormulaError, formatFormula, validateFormula } from '@openfluides/core';
import type { Scope } from '../access/scope.js';
import type { Actor, AuditRepository } from '../audit/repository.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { buildPeriods, type Period, wholeMonths } from '../weather/periods.js';
import { findBuildingFacts } from './building-repository.js';
import { loadEnergyByPeriod } from './energy-repository.js';
import { buildFormulaInputs, FORMULA_IDENTIFIER_NAMES } from './formula-inputs.js';
import { type BuildingInputs, combinePerimeterInputs } from './perimeter-inputs.js';
import {
  type UserIndicatorFields,
  UserIndicatorRepository,
  type UserIndicatorRow,
} from './user-indicator-repository.js';

/** Most buildings one evaluation covers when the caller names none. */
export const MAX_EVALUATED_BUILDINGS = 500;

export interface UserIndicator extends UserIndicatorRow {
  /** Series and constants the formula reads. */
  identifiers: string[];
  /** Whether the caller may change or delete it: its author or a platform administrator. */
  canEdit: boolean;
}

export interface FormulaCheck {
  ok: boolean;
  errors: FormulaError[];
  identifiers: string[];
  /** The formula as the platform prints it back (decimal commas, minimal parentheses). */
  canonical: string | null;
}

/** Checks a formula against the known identifiers and returns its errors instead of raising them. */
export function checkFormula(formula: string): FormulaCheck {
  const parsed = validateFormula(formula, FORMULA_IDENTIFIER_NAMES);
  return parsed.ok
    ? { ok: true, errors: [], identifiers: parsed.identifiers, canonical: formatFormula(parsed.ast) }
    : { ok: false, errors: parsed.errors, identifiers: [], canonical: null };
}

/** Raises a French field error on `formula` that gives each problem and its position. */
function assertFormula(formula: string): void {
  const check = checkFormula(formula);
  const first = check.errors[0];
  if (!first) return;
  throw new AppError(
    'validation-failed',
    { formulaErrorCode: first.code, formulaStart: first.start, formulaEnd: first.end },
    { formula: check.errors.map((error) => error.message).join(' ') },
  );
}

export interface EvaluatedValue {
  label: string;
  firstDate: string;
  lastDate: string;
  value: number | null;
  missingReason: { code: string; message: string } | null;
  /** Lowest completeness of the energies the formula reads; null when none is metered. */
  completeness: number | null;
  /** Whether the value meets the target; null without a target or a value. */
  meetsTarget: boolean | null;
  /** value − target, in the indicator's unit. */
  gapToTarget: number | null;
}

export interface Evaluation {
  indicator: UserIndicator;
  from: string;
  to: string;
  step: 'month' | 'year';
  periods: Period[];
  buildings: {
    buildingId: string;
    buildingCode: string;
    buildingName: string;
    values: EvaluatedValue[];
    notes: string[];
  }[];
  /**
   * The formula evaluated once on the combined inputs of every evaluated building (see
   * `combinePerimeterInputs`); null when no building was evaluated.
   */
  perimeter: { buildingCount: number; values: EvaluatedValue[]; notes: string[] } | null;
}

/** Pairs each period with its value, missing reason, completeness and target comparison. */
function evaluatedValues(
  indicator: UserIndicator,
  periods: readonly Period[],
  evaluation: { values: (number | null)[]; reasons: (EvaluatedValue['missingReason'] | null)[] },
  completeness: readonly (number | null)[],
): EvaluatedValue[] {
  const target = indicator.targetValue;
  return periods.map((period, index) => {
    const value = evaluation.values[index] ?? null;
    return {
      label: period.label,
      firstDate: period.firstDate,
      lastDate: period.lastDate,
      value,
      missingReason: evaluation.reasons[index] ?? null,
      completeness: completeness[index] ?? null,
      meetsTarget:
        value === null || target === null
          ? null
          : indicator.targetDirection === 'at-most'
            ? value <= target
            : value >= target,
      gapToTarget: value === null || target === null ? null : value - target,
    };
  });
}

/** User-defined indicators: definitions shared by every user, evaluated within each caller's scope. */
export class UserIndicatorService {
  private readonly repository: UserIndicatorRepository;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditRepository,
  ) {
    this.repository = new UserIndicatorRepository(db);
  }

  private present(row: UserIndicatorRow, scope: Scope): UserIndicator {
    const check = checkFormula(row.formula);
    return {
      ...row,
      identifiers: check.identifiers,
      canEdit: scope.isAdmin || row.createdBy === scope.userId,
    };
  }

  async list(scope: Scope): Promise<UserIndicator[]> {
    return (await this.repository.list()).map((row) => this.present(row, scope));
  }

  async get(scope: Scope, id: string): Promise<UserIndicator> {
    const row = await this.repository.find(id);
    if (!row) throw new AppError('not-found');
    return this.present(row, scope);
  }

  private async assertNameFree(name: string, exceptId?: string): Promise<void> {
    if (await this.repository.nameTaken(name, exceptId)) {
      throw new AppError('conflict', { field: name }, { name: 'already-used' });
    }
  }

  async create(scope: Scope, fields: UserIndicatorFields, actor: Actor): Promise<UserIndicator> {
    assertFormula(fields.formula);
    await this.assertNameFree(fields.name);
    const id = await this.db.transaction().execute(async (trx) => {
      const created = await this.repository.insert(fields, scope.userId, trx);
      await this.audit.record(
        actor,
        { action: 'indicator.created', entityType: 'indicator', entityId: created, details: { ...fields } },
        trx,
      );
      return created;
    });
    return this.get(scope, id);
  }

  private async editable(scope: Scope, id: string): Promise<UserIndicator> {
    const indicator = await this.get(scope, id);
    if (!indicator.canEdit) throw new AppError('forbidden', { level: 'platform-admin' });
    return indicator;
  }

  async update(scope: Scope, id: string, changes: Partial<UserIndicatorFields>, actor: Actor) {
    const before = await this.editable(scope, id);
    if (changes.formula !== undefined) assertFormula(changes.formula);
    if (changes.name !== undefined) await this.assertNameFree(changes.name, id);
    await this.db.transaction().execute(async (trx) => {
      await this.repository.update(id, changes, trx);
      await this.audit.record(
        actor,
        {
          action: 'indicator.updated',
          entityType: 'indicator',
          entityId: id,
          details: {
            changes,
            before: { name: before.name, formula: before.formula, targetValue: before.targetValue },
          },
        },
        trx,
      );
    });
    return this.get(scope, id);
  }

  async delete(scope: Scope, id: string, actor: Actor): Promise<void> {
    const before = await this.editable(scope, id);
    await this.db.transaction().execute(async (trx) => {
      await this.repository.delete(id, trx);
      await this.audit.record(
        actor,
        {
          action: 'indicator.deleted',
          entityType: 'indicator',
          entityId: id,
          details: { name: before.name, formula: before.formula },
        },
        trx,
      );
    });
  }

  /**
   * Evaluates an indicator for buildings and months or years over [from, to), widened to whole
   * months. Without `buildingIds`, every building the caller reads; a named building outside the
   * caller's scope raises not-found.
   */
  async evaluate(
    scope: Scope,
    id: string,
    request: { buildingIds?: string[] | undefined; from: string; to: string; step: 'month' | 'year' },
  ): Promise<Evaluation> {
    const indicator = await this.get(scope, id);
    const parsed = validateFormula(indicator.formula, FORMULA_IDENTIFIER_NAMES);
    if (!parsed.ok) {
      // A stored formula fails only when an identifier it used was withdrawn since.
      assertFormula(indicator.formula);
      throw new AppError('internal');
    }

    const buildings = await findBuildingFacts(this.db, scope, request.buildingIds ?? 'all');
    if (request.buildingIds && buildings.length !== new Set(request.buildingIds).size) {
      throw new AppError('not-found');
    }
    if (buildings.length > MAX_EVALUATED_BUILDINGS) {
      throw new AppError(
        'validation-failed',
        {},
        { buildingIds: `plus de ${MAX_EVALUATED_BUILDINGS} bâtiments : choisissez les bâtiments à évaluer` },
      );
    }

    const range = wholeMonths(request);
    const months = buildPeriods(range.from, range.to, 'month');
    const periods = request.step === 'month' ? months : buildPeriods(range.from, range.to, 'year');
    const energy = await loadEnergyByPeriod(
      this.db,
      buildings.map((building) => building.id),
      months,
      'month',
    );

    const results: Evaluation['buildings'] = [];
    const perimeterParts: BuildingInputs[] = [];
    for (const building of buildings) {
      const inputs = await buildFormulaInputs(
        this.db,
        building,
        parsed.identifiers,
        months,
        energy.get(building.id) ?? [],
        periods,
      );
      const evaluation = evaluateFormula(parsed.ast, inputs.inputs, {
        text: indicator.formula,
        length: periods.length,
      });
      if (!evaluation.ok) throw new AppError('internal');
      perimeterParts.push({ building, inputs: inputs.inputs, completeness: inputs.completeness });
      results.push({
        buildingId: building.id,
        buildingCode: building.code,
        buildingName: building.name,
        notes: inputs.notes,
        values: evaluatedValues(indicator, periods, evaluation, inputs.completeness),
      });
    }

    let perimeter: Evaluation['perimeter'] = null;
    if (buildings.length > 0) {
      const combined = combinePerimeterInputs(perimeterParts, parsed.identifiers, periods.length);
      const evaluation = evaluateFormula(parsed.ast, combined.inputs, {
        text: indicator.formula,
        length: periods.length,
      });
      if (!evaluation.ok) throw new AppError('internal');
      perimeter = {
        buildingCount: buildings.length,
        values: evaluatedValues(indicator, periods, evaluation, combined.completeness),
        notes: combined.notes,
      };
    }
    return {
      indicator,
      from: range.from,
      to: range.to,
      step: request.step,
      periods,
      buildings: results,
      perimeter,
    };
  }
}
