import { describe, expect, it } from 'vitest';
import {
  type ChangePointModelType,
  fitChangePointModel,
  predictChangePointModel,
  selectChangePointModel,
  type TemperatureEnergyPoint,
} from './change-point.js';

/** Noise-free points at every whole degree from −5 to 30 °C. */
function synthetic(energyAt: (temperatureC: number) => number): TemperatureEnergyPoint[] {
  return Array.from({ length: 36 }, (_, index) => {
    const temperatureC = index - 5;
    return { temperatureC, energy: energyAt(temperatureC) };
  });
}

const plus = (value: number) => Math.max(0, value);

describe('fitChangePointModel on noise-free data', () => {
  it('recovers a 3PH model on the grid', () => {
    const model = fitChangePointModel(
      synthetic((t) => 120 + 8.5 * plus(15.5 - t)),
      '3PH',
    );
    expect(model?.heatingChangePointC).toBeCloseTo(15.5, 9);
    expect(model?.heatingSlope).toBeCloseTo(8.5, 9);
    expect(model?.baseLoad).toBeCloseTo(120, 9);
    expect(model?.coolingSlope).toBeNull();
    expect(model?.regression.parameterCount).toBe(3);
    expect(model?.regression.r2).toBeCloseTo(1, 12);
  });

  it('recovers a change point between grid nodes by refinement', () => {
    // 14.37 °C is not a multiple of 0.5 but is one of 0.005, the step after two refinements.
    const model = fitChangePointModel(
      synthetic((t) => 40 + 3 * plus(14.37 - t)),
      '3PH',
    );
    expect(model?.heatingChangePointC).toBeCloseTo(14.37, 9);
    expect(model?.heatingSlope).toBeCloseTo(3, 9);
    expect(model?.baseLoad).toBeCloseTo(40, 9);
  });

  it('recovers a 3PC model', () => {
    const model = fitChangePointModel(
      synthetic((t) => 50 + 12 * plus(t - 19)),
      '3PC',
    );
    expect(model?.coolingChangePointC).toBeCloseTo(19, 9);
    expect(model?.coolingSlope).toBeCloseTo(12, 9);
    expect(model?.baseLoad).toBeCloseTo(50, 9);
    expect(model?.heatingSlope).toBeNull();
  });

  it('recovers a 4P model with a flatter slope above the change point', () => {
    const model = fitChangePointModel(
      synthetic((t) => 200 + 10 * plus(16 - t) - 2 * plus(t - 16)),
      '4P',
    );
    expect(model?.heatingChangePointC).toBeCloseTo(16, 9);
    expect(model?.coolingChangePointC).toBeCloseTo(16, 9);
    expect(model?.heatingSlope).toBeCloseTo(10, 9);
    expect(model?.coolingSlope).toBeCloseTo(-2, 9);
    expect(model?.baseLoad).toBeCloseTo(200, 9);
    expect(model?.regression.parameterCount).toBe(4);
  });

  it('recovers a 5P model with a dead band', () => {
    const model = fitChangePointModel(
      synthetic((t) => 80 + 6 * plus(12 - t) + 9 * plus(t - 22)),
      '5P',
    );
    expect(model?.heatingChangePointC).toBeCloseTo(12, 9);
    expect(model?.coolingChangePointC).toBeCloseTo(22, 9);
    expect(model?.heatingSlope).toBeCloseTo(6, 9);
    expect(model?.coolingSlope).toBeCloseTo(9, 9);
    expect(model?.baseLoad).toBeCloseTo(80, 9);
    expect(model?.regression.parameterCount).toBe(5);
  });

  it('fits a 2P line', () => {
    const model = fitChangePointModel(
      synthetic((t) => 300 - 7 * t),
      '2P',
    );
    expect(model?.temperatureSlope).toBeCloseTo(-7, 9);
    expect(model?.baseLoad).toBeCloseTo(300, 9);
    expect(model?.regression.parameterCount).toBe(2);
  });
});

describe('fitChangePointModel constraints', () => {
  it('rejects a heating model on data that rise with temperature', () => {
    // Energy grows with temperature: every 3PH candidate has a negative slope.
    expect(
      fitChangePointModel(
        synthetic((t) => 10 + 2 * t),
        '3PH',
      ),
    ).toBeNull();
  });

  it('needs enough points on each side of the change point', () => {
    const points = synthetic((t) => 120 + 8.5 * plus(15.5 - t));
    // Only change points in [−5, −3] are allowed: at most 1 point lies below, fewer than 3.
    expect(fitChangePointModel(points, '3PH', { maxChangePointC: -3.5 })).toBeNull();
  });
});

describe('predictChangePointModel', () => {
  it('evaluates the fitted equation', () => {
    const model = fitChangePointModel(
      synthetic((t) => 80 + 6 * plus(12 - t) + 9 * plus(t - 22)),
      '5P',
    );
    if (!model) throw new Error('the 5P model should fit');
    // 80 + 6·(12 − 2) = 140 at 2 °C; 80 in the dead band; 80 + 9·(30 − 22) = 152 at 30 °C.
    expect(predictChangePointModel(model, 2)).toBeCloseTo(140, 9);
    expect(predictChangePointModel(model, 17)).toBeCloseTo(80, 9);
    expect(predictChangePointModel(model, 30)).toBeCloseTo(152, 9);
  });
});

describe('selectChangePointModel', () => {
  it('prefers a change-point model over a line for heating data', () => {
    // Alternating ±2 kWh around a 3PH curve keeps the line clearly worse.
    const points = synthetic((t) => 120 + 8.5 * plus(15.5 - t) + (t % 2 === 0 ? 2 : -2));
    const { models, best } = selectChangePointModel(points);
    const types: ChangePointModelType[] = models.map((model) => model.type);
    expect(types).toContain('2P');
    expect(types).toContain('3PH');
    const line = models.find((model) => model.type === '2P');
    const heating = models.find((model) => model.type === '3PH');
    expect(heating?.regression.adjustedR2).toBeGreaterThan(line?.regression.adjustedR2 ?? 1);
    expect(best?.type).not.toBe('2P');
    expect(best?.heatingChangePointC).toBeGreaterThan(14);
    expect(best?.heatingChangePointC).toBeLessThan(17);
  });
});
