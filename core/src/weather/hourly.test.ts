import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { dailyDegreeHours, dailyExtremesFromReadings, type TemperatureReading } from './hourly.js';

const bedfordFile = fileURLToPath(
  new URL(
    '../../../datasets/cambridge-estate/bedford-uk_metoffice-midas_hourly_2018-2022.csv.gz',
    import.meta.url,
  ),
);

/** Met Office Bedford readings from `first` to `last` (UTC, `YYYY-MM-DD HH:MM:SS`), both included. */
function readBedford(first: string, last: string): TemperatureReading[] {
  const lines = gunzipSync(readFileSync(bedfordFile)).toString('utf8').split('\n');
  return lines
    .slice(1)
    .map((line) => line.split(','))
    .filter(([time]) => time !== undefined && time >= first && time <= last)
    .map(([time, temperature]) => ({
      time: new Date(`${(time ?? '').replace(' ', 'T')}Z`),
      temperatureC: Number(temperature),
    }));
}

// Bedford, 2018-01-09 18:00 → 2018-01-11 06:00 UTC, one value per hour as written in the file.
// biome-ignore format: one line per day keeps the table readable
const EXPECTED = [
  3.9, 4.2, 4.4, 4.6, 5.1, 5.5,
  6.0, 6.4, 6.6, 6.8, 6.8, 6.6, 6.7, 6.5, 6.7, 7.0, 7.0, 7.2, 7.4, 7.4, 7.5, 7.6, 7.1, 5.7, 4.8, 4.4, 4.3, 4.2, 3.8, 3.5,
  3.0, 2.5, 2.6, 3.0, 4.2, 4.7, 5.1,
];

describe('Met Office Bedford hourly sample', () => {
  const readings = readBedford('2018-01-09 18:00:00', '2018-01-11 06:00:00');

  it('reads the hours written in the test table', () => {
    expect(readings.map((reading) => reading.temperatureC)).toEqual(EXPECTED);
  });

  it('takes Tn and Tx of 10 January over the Météo-France windows', () => {
    const days = dailyExtremesFromReadings(readings);
    const tenth = days.find((day) => day.date === '2018-01-10');
    // Tn window 9 Jan 18:00 (excluded) → 10 Jan 18:00: the 3.9 at 18:00 on the 9th is outside, so
    // the minimum is 4.2 (19:00 on the 9th). Tx window 10 Jan 06:00 (excluded) → 11 Jan 06:00: 7.6 at 15:00.
    expect(tenth).toEqual({ date: '2018-01-10', tnC: 4.2, txC: 7.6 });
    // The 9th and the 11th have incomplete windows in this extract.
    expect(days.find((day) => day.date === '2018-01-09')).toEqual({
      date: '2018-01-09',
      tnC: null,
      txC: null,
    });
    expect(days.find((day) => day.date === '2018-01-11')?.txC).toBeNull();
  });

  it('sums the degree hours of 10 January', () => {
    // The 24 readings 00:00–23:00 add up to 148.0 °C, all below 18 °C:
    // Σ (18 − T)/24 = 18 − 148/24 ≈ 11.8333 °C·day.
    const day = dailyDegreeHours(readings, { kind: 'heating' }).find((entry) => entry.date === '2018-01-10');
    expect(day?.readings).toBe(24);
    expect(day?.value).toBeCloseTo(18 - 148 / 24, 9);
  });

  it('leaves a day with missing hours null', () => {
    const days = dailyDegreeHours(readings, { kind: 'heating' });
    // 11 January has only 00:00–06:00 in the extract.
    expect(days.find((entry) => entry.date === '2018-01-11')).toEqual({
      date: '2018-01-11',
      value: null,
      readings: 7,
    });
  });
});

describe('dailyDegreeHours', () => {
  it('counts cooling hours above the base', () => {
    // Twelve hours at 26 °C and twelve at 20 °C, base 22 °C: 12·4/24 = 2 °C·day.
    const readings = Array.from({ length: 24 }, (_, hour) => ({
      time: new Date(Date.UTC(2022, 6, 19, hour)),
      temperatureC: hour < 12 ? 26 : 20,
    }));
    expect(dailyDegreeHours(readings, { kind: 'cooling', baseC: 22 })).toEqual([
      { date: '2022-07-19', value: 2, readings: 24 },
    ]);
  });

  it('weighs 10-minute readings by their step', () => {
    // 144 readings at 8 °C, base 18: 144·10·(1/6)/24 = 10 °C·day.
    const readings = Array.from({ length: 144 }, (_, index) => ({
      time: new Date(Date.UTC(2022, 0, 5, 0, index * 10)),
      temperatureC: 8,
    }));
    const [day] = dailyDegreeHours(readings, { kind: 'heating', stepHours: 1 / 6 });
    expect(day?.value).toBeCloseTo(10, 12);
  });
});
