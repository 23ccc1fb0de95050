import { Alert } from '@mantine/core';
import { IconInfoCircle, IconTargetArrow } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Trajectory } from '../api/types';
import { useFormat } from '../use-format';
import { formatPercent } from './figures';

/** Shows the gap to the next milestone as the sentence a director reads first. */
export function GapSentence({ trajectory }: { trajectory: Trajectory }) {
  const { t } = useTranslation();
  const format = useFormat();
  const language = format.language;
  const perM2 = (value: number) => t('performance.unit.kwh-per-m2', { value: format.number(value, 1) });
  const { gap, currentYear } = trajectory;
  if (!gap || currentYear === null) {
    return (
      <Alert color="gray" variant="light" icon={<IconInfoCircle size={20} aria-hidden />}>
        {t('performance.trajectory.gap-unknown')}
      </Alert>
    );
  }
  const current = gap.targetKwhPerM2 + gap.gapKwhPerM2;
  if (gap.targetMet) {
    return (
      <Alert
        color="green"
        variant="light"
        icon={<IconTargetArrow size={20} aria-hidden />}
        title={t('performance.trajectory.gap-title', {
          year: gap.milestoneYear,
          value: t('performance.trajectory.gap-met'),
        })}
      >
        {t('performance.trajectory.gap-met-detail', {
          year: currentYear,
          current: perM2(current),
          milestone: gap.milestoneYear,
          target: perM2(gap.targetKwhPerM2),
          margin: perM2(-gap.gapKwhPerM2),
        })}
      </Alert>
    );
  }
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconTargetArrow size={20} aria-hidden />}
      title={t('performance.trajectory.gap-title', {
        year: gap.milestoneYear,
        value: t('performance.trajectory.gap-value', {
          value: perM2(gap.gapKwhPerM2),
          share: formatPercent(gap.gapShare * 100, language),
        }),
      })}
      data-testid="trajectory-gap"
    >
      {t('performance.trajectory.gap-detail', {
        year: currentYear,
        current: perM2(current),
        milestone: gap.milestoneYear,
        target: perM2(gap.targetKwhPerM2),
        yearly: perM2(gap.requiredYearlyReductionKwhPerM2),
        count: gap.yearsRemaining,
      })}
    </Alert>
  );
}
