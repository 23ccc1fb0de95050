import { Tabs } from '@mantine/core';
import { IconChartDots, IconGauge, IconId, IconPigMoney, IconTargetArrow } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Building } from '../api/types';
import { BuildingIndicatorsPanel } from './BuildingIndicatorsPanel';
import { BuildingTrajectoryPanel } from './BuildingTrajectoryPanel';
import { IpmvpPanel } from './IpmvpPanel';
import { type BuildingTab, isBuildingTab } from './paths';
import { SignaturePanel } from './SignaturePanel';

const TAB_PARAM = 'onglet';

/**
 * Shows the tabs of the building page: its record (`general`, drawn by the page), its energy signature, its
 * IPMVP savings, the Décret tertiaire trajectory of its EFAs and its indicators. The open tab is in the URL so that a link opens it again, and
 * only the open tab is mounted, so analyses run when their tab opens.
 */
export function BuildingTabs({ building, general }: { building: Building; general: ReactNode }) {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get(TAB_PARAM);
  const tab: BuildingTab = isBuildingTab(requested) ? requested : 'fiche';

  const select = (value: string | null) => {
    if (!isBuildingTab(value)) return;
    const next = new URLSearchParams(searchParams);
    if (value === 'fiche') next.delete(TAB_PARAM);
    else next.set(TAB_PARAM, value);
    setSearchParams(next, { replace: true });
  };

  return (
    <Tabs value={tab} onChange={select} keepMounted={false}>
      <Tabs.List mb="lg">
        <Tabs.Tab value="fiche" leftSection={<IconId size={16} aria-hidden />}>
          {t('performance.tabs.general')}
        </Tabs.Tab>
        <Tabs.Tab value="signature" leftSection={<IconChartDots size={16} aria-hidden />}>
          {t('performance.tabs.signature')}
        </Tabs.Tab>
        <Tabs.Tab value="ipmvp" leftSection={<IconPigMoney size={16} aria-hidden />}>
          {t('performance.tabs.ipmvp')}
        </Tabs.Tab>
        <Tabs.Tab value="trajectoire" leftSection={<IconTargetArrow size={16} aria-hidden />}>
          {t('performance.tabs.trajectory')}
        </Tabs.Tab>
        <Tabs.Tab value="indicateurs" leftSection={<IconGauge size={16} aria-hidden />}>
          {t('performance.tabs.indicators')}
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="fiche">{general}</Tabs.Panel>
      <Tabs.Panel value="signature">
        <SignaturePanel building={building} />
      </Tabs.Panel>
      <Tabs.Panel value="ipmvp">
        <IpmvpPanel building={building} />
      </Tabs.Panel>
      <Tabs.Panel value="trajectoire">
        <BuildingTrajectoryPanel building={building} />
      </Tabs.Panel>
      <Tabs.Panel value="indicateurs">
        <BuildingIndicatorsPanel building={building} />
      </Tabs.Panel>
    </Tabs>
  );
}
