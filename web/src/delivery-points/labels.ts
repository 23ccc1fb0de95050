import type { Energy } from '@openfluides/core';
import type { TFunction } from 'i18next';
import { type Allocation, SEGMENTS, type Segment, type SubscribedPower } from '../api/types';
import { formatNumber } from '../format';
import type { Language } from '../i18n/languages';

/** Segments offered for each energy: Enedis' C1–C5 and HTA for electricity, GRDF's T1–T4 and TP for gas. */
export function segmentsFor(energy: Energy): readonly Segment[] {
  if (energy === 'electricity') return ['C5', 'C4', 'C3', 'C2', 'C1', 'HTA'];
  if (energy === 'gas') return ['T1', 'T2', 'T3', 'T4', 'TP'];
  return SEGMENTS;
}

/** Name of the identifier of a delivery point of this energy: PRM, PCE or a neutral word. */
export function identifierKindLabel(t: TFunction, energy: string): string {
  if (energy === 'electricity') return t('delivery-points.identifier-kind.prm');
  if (energy === 'gas') return t('delivery-points.identifier-kind.pce');
  return t('delivery-points.identifier-kind.other');
}

/** Allocation key in words: « Clé fixe : 60 % », « Au prorata de la surface », « Par sous-comptage ». */
export function allocationLabel(
  t: TFunction,
  allocation: Pick<Allocation, 'method' | 'fractionPercent'>,
  language: Language,
): string {
  if (allocation.method === 'fixed') {
    return t('delivery-points.allocation.fixed', {
      percent:
        allocation.fractionPercent === null ? '—' : formatNumber(allocation.fractionPercent, language, 2),
    });
  }
  return t(`delivery-points.allocation.${allocation.method}`);
}

/** Subscribed powers in force today: those without an end date or ending after today. */
export function currentPowers(powers: SubscribedPower[], today: string): SubscribedPower[] {
  return powers.filter(
    (power) => power.validFrom <= today && (power.validTo === null || power.validTo > today),
  );
}
