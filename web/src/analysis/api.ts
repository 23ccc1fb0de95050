import type { Energy } from '@openfluides/core';
import { apiDownload, apiRequest } from '../api/client';

/** Types and calls of the consumption analysis API (`/api/analysis/*`). */

export const ANALYSIS_STEPS = ['PT10M', 'PT1H', 'P1D', 'P1W', 'P1M', 'P1Y'] as const;
export type AnalysisStep = (typeof ANALYSIS_STEPS)[number];

export const SERIES_UNITS = ['kWh', 'MWh', 'kW', 'kWhEP', 'kgCO2e', 'kWh/m2'] as const;
export type SeriesUnit = (typeof SERIES_UNITS)[number];

export const BREAKDOWNS = ['none', 'energy', 'building', 'site', 'use', 'meter'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export const MAP_INDICATORS = ['kwh_m2', 'change_pct', 'completeness', 'energy_label'] as const;
export type MapIndicator = (typeof MAP_INDICATORS)[number];

export interface Perimeter {
  siteIds?: string[];
  buildingIds?: string[];
  unitIds?: string[];
  energies?: Energy[];
  meterIds?: string[];
  deliveryPointIds?: string[];
}

export interface PerimeterOptions {
  sites: { id: string; code: string; name: string; city: string | null }[];
  buildings: { id: string; code: string; name: string; siteId: string; siteName: string }[];
  units: { id: string; code: string; name: string; kind: string; parentId: string | null }[];
  deliveryPoints: { id: string; identifier: string; name: string; energy: Energy }[];
  meters: {
    id: string;
    code: string;
    name: string;
    kind: 'operator' | 'submeter';
    energy: Energy;
    deliveryPointIdentifier: string | null;
  }[];
}

export interface SavedPerimeter {
  id: string;
  name: string;
  perimeter: Perimeter;
  createdAt: string;
  updatedAt: string;
}

export interface Completeness {
  measured: number;
  estimated: number;
  missing: number;
  expectedPoints: number;
}

export interface SeriesPoint {
  start: string | null;
  end: string | null;
  label: string | null;
  value: number | null;
  min: number | null;
  max: number | null;
  completeness: Completeness;
}

export interface AnalysisWarning {
  code: string;
  message: string;
  ids?: string[];
}

export interface AnalysisSeries {
  id: string;
  key: string;
  label: string;
  role: 'base' | 'comparison';
  comparison: {
    mode: 'calendar' | 'weekday' | 'period';
    years: number | null;
    from: string;
    to: string;
  } | null;
  areaM2: number | null;
  points: SeriesPoint[];
  unalignedPoints: SeriesPoint[];
  totals: {
    value: number | null;
    kWh: number | null;
    max: { value: number; start: string; label: string } | null;
    completeness: Completeness;
  };
}

export type Comparison =
  | { mode: 'calendar' | 'weekday'; years: number[] }
  | { periods: { from: string; to: string }[] };

export interface SeriesRequest {
  perimeter: Perimeter;
  from: string;
  to: string;
  step: AnalysisStep;
  unit: SeriesUnit;
  breakdown: Breakdown;
  compare?: Comparison;
  maxPoints?: number;
}

export interface SeriesResponse {
  from: string;
  to: string;
  step: AnalysisStep;
  unit: SeriesUnit;
  breakdown: Breakdown;
  mode: 'buildings' | 'meters';
  stepCount: number;
  downsampled: boolean;
  bucketSeconds: number | null;
  warnings: AnalysisWarning[];
  series: AnalysisSeries[];
}

export interface ProfileRequest {
  perimeter: Perimeter;
  from: string;
  to: string;
  resolution: 'PT10M' | 'PT1H';
}

interface ProfileSlot {
  meanKW: number | null;
  minKW: number | null;
  maxKW: number | null;
  count: number;
}

export interface ProfileResponse {
  from: string;
  to: string;
  resolution: 'PT10M' | 'PT1H';
  stepCount: number;
  completeStepCount: number;
  times: string[];
  dailyProfile: ({ time: string } & ProfileSlot)[];
  weeklyProfile: ({ weekday: number; time: string } & ProfileSlot)[];
  carpet: { date: string; values: (number | null)[] }[];
  baseLoad: {
    kW: number | null;
    percentile: number;
    nightStart: string;
    nightEnd: string;
    sampleCount: number;
  };
  nightShare: number | null;
  weekendShare: number | null;
  monthlyMaxPower: { month: string; kW: number | null; start: string | null; label: string | null }[];
  totalKWh: number | null;
  completeness: Completeness;
  warnings: AnalysisWarning[];
}

export interface MapQuery {
  indicator: MapIndicator;
  min?: number | undefined;
  max?: number | undefined;
  search?: string | undefined;
  asOf?: string | undefined;
}

export interface MapItem {
  buildingId: string;
  code: string;
  name: string;
  siteId: string;
  siteName: string;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  floorAreaM2: number | null;
  activity: string | null;
  value: number | null;
  energyClass: 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | null;
  completeness: number | null;
}

export interface MapResponse {
  indicator: MapIndicator;
  unit: string;
  definition: string;
  current: { from: string; to: string };
  previous: { from: string; to: string };
  items: MapItem[];
  withoutCoordinates: number;
}

export function fetchPerimeterOptions(search: string, signal?: AbortSignal): Promise<PerimeterOptions> {
  return apiRequest('GET', '/analysis/perimeter/options', {
    query: { search, limit: 50 },
    ...(signal ? { signal } : {}),
  });
}

export function fetchSavedPerimeters(): Promise<{ items: SavedPerimeter[] }> {
  return apiRequest('GET', '/analysis/perimeters');
}

export function savePerimeter(name: string, perimeter: Perimeter): Promise<SavedPerimeter> {
  return apiRequest('POST', '/analysis/perimeters', { body: { name, perimeter } });
}

export function deleteSavedPerimeter(id: string): Promise<void> {
  return apiRequest('DELETE', `/analysis/perimeters/${encodeURIComponent(id)}`);
}

export function fetchSeries(request: SeriesRequest, signal?: AbortSignal): Promise<SeriesResponse> {
  return apiRequest('POST', '/analysis/series', { body: request, ...(signal ? { signal } : {}) });
}

/** Downloads the series as a CSV file for French Excel or as an Excel workbook. */
export function downloadSeries(
  request: SeriesRequest,
  format: 'csv' | 'xlsx',
): Promise<{ blob: Blob; fileName: string }> {
  return apiDownload('POST', '/analysis/series', { body: request, query: { format } });
}

export function fetchProfile(request: ProfileRequest, signal?: AbortSignal): Promise<ProfileResponse> {
  return apiRequest('POST', '/analysis/profile', { body: request, ...(signal ? { signal } : {}) });
}

export function fetchMap(query: MapQuery, signal?: AbortSignal): Promise<MapResponse> {
  return apiRequest('GET', '/analysis/map', {
    query: {
      indicator: query.indicator,
      min: query.min,
      max: query.max,
      search: query.search,
      asOf: query.asOf,
    },
    ...(signal ? { signal } : {}),
  });
}

/** Day the default periods end before, and today (`GET /api/analysis/reference-day`). */
export interface ReferenceDay {
  referenceDay: string;
  today: string;
}

export function fetchReferenceDay(): Promise<ReferenceDay> {
  return apiRequest('GET', '/analysis/reference-day');
}
