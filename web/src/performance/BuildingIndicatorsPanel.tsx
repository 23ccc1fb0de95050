import {
  Alert,
  Badge,
  Box,
  Center,
  Group,
  List,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBuildingIndicators } from '../api/queries';
import { type Building, DPE_CATEGORIES, type DpeCategory, type IndicatorBlock } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { energyColor } from '../consumption/energy-colors';
import { energyLabel } from '../consumption/labels';
import { type PeriodChoice, resolvePeriod } from '../consumption/PeriodPicker';
import { addDays } from '../dates';
import { useFormat } from '../use-format';
import { useBuildingExtent } from './building-extent';
import { DpeScale } from './DpeScale';
import { energyFormatterFor, formatEnergyIn, formatPercent, readableUnit } from './figures';
import { PeriodSelect } from './PeriodSelect';

function isDpeCategory(value: string | null): value is DpeCategory {
  return value !== null && (DPE_CATEGORIES as readonly string[]).includes(value);
}

/** Shows the evolution against the previous period as a badge: a fall is green, a rise orange. */
function EvolutionBadge({ value }: { value: number | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (value === null)
    return (
      <Text size="sm" c="dimmed">
        {t('common.value.none')}
      </Text>
    );
  return (
    <Badge
      color={value <= 0 ? 'green' : 'orange'}
      variant="light"
      tt="none"
      radius="sm"
      styles={{ label: { overflow: 'visible' } }}
    >
      {formatPercent(value, format.language, 1, true)}
    </Badge>
  );
}

function IndicatorTile({ label, value, help }: { label: string; value: string; help?: ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.03em' }}>
        {label}
      </Text>
      <Text fz={22} fw={650} mt={2} style={{ whiteSpace: 'nowrap' }}>
        {value}
      </Text>
      {help && (
        <Box mt={4} fz="sm" c="dimmed">
          {help}
        </Box>
      )}
    </Paper>
  );
}

function EnergyTable({ block }: { block: IndicatorBlock }) {
  const { t } = useTranslation();
  const format = useFormat();
  const none = t('common.value.none');
  const inTableUnit = energyFormatterFor(
    block.energies.flatMap((item) => [item.kwh, item.previousKwh, item.primaryKwh]),
    format.language,
  );
  const energy = (kwh: number | null, unit = 'kWh') => (kwh === null ? none : inTableUnit(kwh, unit));
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table withTableBorder verticalSpacing="xs" fz="sm">
        <Table.Thead bg="gray.0">
          <Table.Tr>
            <Table.Th>{t('performance.indicators.column-energy')}</Table.Th>
            <Table.Th ta="right">{t('performance.indicators.column-consumption')}</Table.Th>
            <Table.Th ta="right">{t('performance.indicators.column-previous')}</Table.Th>
            <Table.Th ta="right">{t('performance.indicators.column-evolution')}</Table.Th>
            <Table.Th ta="right">{t('performance.indicators.column-primary')}</Table.Th>
            <Table.Th ta="right">{t('performance.indicators.column-emissions')}</Table.Th>
            <Table.Th ta="right">{t('performance.indicators.column-completeness')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {block.energies.map((item) => (
            <Table.Tr key={item.energy}>
              <Table.Td>
                <Group gap={8} wrap="nowrap">
                  <Box
                    w={10}
                    h={10}
                    style={{ borderRadius: '50%', background: energyColor(item.energy) }}
                    aria-hidden
                  />
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {energyLabel(t, item.energy)}
                  </Text>
                </Group>
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {item.energy === 'gas' ? energy(item.kwh, 'kWh PCS') : energy(item.kwh)}
                {item.kwhPci !== null && (
                  <Text size="xs" c="dimmed">
                    {energy(item.kwhPci, 'kWh PCI')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {item.energy === 'gas' ? energy(item.previousKwh, 'kWh PCS') : energy(item.previousKwh)}
              </Table.Td>
              <Table.Td ta="right">
                <EvolutionBadge value={item.evolutionPercent} />
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {energy(item.primaryKwh, 'kWh EP')}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {item.co2eKg === null
                  ? none
                  : t('performance.unit.kg-co2e', { value: format.number(item.co2eKg, 0) })}
              </Table.Td>
              <Table.Td
                ta="right"
                c={item.completeness !== null && item.completeness < 1 ? 'orange.8' : undefined}
              >
                {item.completeness === null ? none : format.share(item.completeness)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function FactorsTable({ block }: { block: IndicatorBlock }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (block.factors.length === 0) return null;
  const validity = (from: string | null, to: string | null) => {
    if (from && to)
      return t('performance.indicators.valid-between', {
        from: format.localDate(from),
        to: format.localDate(to),
      });
    if (from) return t('performance.indicators.valid-from', { from: format.localDate(from) });
    if (to) return t('performance.indicators.valid-until', { to: format.localDate(to) });
    return t('performance.indicators.valid-always');
  };
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        {t('performance.indicators.factors-title')}
      </Text>
      <Table.ScrollContainer minWidth={640}>
        <Table withTableBorder verticalSpacing={4} fz="sm">
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th>{t('performance.indicators.column-energy')}</Table.Th>
              <Table.Th>{t('performance.indicators.column-factor-kind')}</Table.Th>
              <Table.Th ta="right">{t('performance.indicators.column-factor-value')}</Table.Th>
              <Table.Th>{t('performance.indicators.column-factor-validity')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {block.factors.map((factor) => (
              <Table.Tr key={`${factor.energy}-${factor.kind}-${factor.validFrom ?? ''}`}>
                <Table.Td>{energyLabel(t, factor.energy)}</Table.Td>
                <Table.Td>{t(`performance.indicators.factor-${factor.kind}`)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {format.number(factor.value, 3)} {readableUnit(factor.unit)}
                </Table.Td>
                <Table.Td>{validity(factor.validFrom, factor.validTo)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function IndicatorsView({ block, notes }: { block: IndicatorBlock; notes: string[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const language = format.language;
  const none = t('common.value.none');
  const perM2 = (value: number | null, key: 'kwh-per-m2' | 'kwh-ep-per-m2' | 'kg-co2e-per-m2') =>
    value === null ? none : t(`performance.unit.${key}`, { value: format.number(value, 1) });
  const missingArea = block.floorAreaM2 === null;
  const category = isDpeCategory(block.dpe.category) ? block.dpe.category : null;
  const missingFactors = [
    ...new Set([...block.energiesWithoutPrimaryFactor, ...block.energiesWithoutEmissionFactor]),
  ];
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
        <IndicatorTile
          label={t('performance.indicators.final-energy')}
          value={block.finalKwh === null ? none : formatEnergyIn(block.finalKwh, 'kWh', language)}
          help={
            <Group gap={6} wrap="nowrap">
              <EvolutionBadge value={block.evolutionPercent} />
              <Text size="sm" c="dimmed">
                {t('performance.indicators.evolution-help')}
              </Text>
            </Group>
          }
        />
        <IndicatorTile
          label={t('performance.indicators.intensity')}
          value={perM2(block.intensityKwhPerM2, 'kwh-per-m2')}
          help={
            block.heatedIntensityKwhPerM2 === null
              ? t('performance.indicators.intensity-help')
              : t('performance.indicators.intensity-heated', {
                  value: perM2(block.heatedIntensityKwhPerM2, 'kwh-per-m2'),
                })
          }
        />
        <IndicatorTile
          label={t('performance.indicators.primary')}
          value={perM2(block.primaryKwhPerM2, 'kwh-ep-per-m2')}
          help={t('performance.indicators.primary-help')}
        />
        <IndicatorTile
          label={t('performance.indicators.emissions')}
          value={perM2(block.co2eKgPerM2, 'kg-co2e-per-m2')}
          help={t('performance.indicators.emissions-help')}
        />
      </SimpleGrid>
      {missingArea && (
        <Text size="sm" c="dimmed">
          {t('consumption.totals.no-floor-area')}
        </Text>
      )}
      <Paper withBorder p="md">
        <Group gap="xl" align="flex-start" wrap="wrap">
          <DpeScale kind="energy" value={block.dpe.energyClass} />
          <DpeScale kind="climate" value={block.dpe.climateClass} />
          <Stack gap={4} maw={420}>
            <Text size="sm">
              {category
                ? t('performance.indicators.dpe-category', {
                    category: t(`performance.dpe-category.${category}`),
                    source: t(`performance.dpe-category-source.${block.dpe.categorySource ?? 'default'}`),
                  })
                : t('performance.indicators.dpe-no-category')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('performance.indicators.dpe-help')}
            </Text>
            {block.dpe.reason && (
              <Text size="sm" c="orange.8">
                {block.dpe.reason}
              </Text>
            )}
          </Stack>
        </Group>
      </Paper>
      <EnergyTable block={block} />
      {missingFactors.length > 0 && (
        <Text size="sm" c="orange.8">
          {t('performance.indicators.missing-factors', {
            energies: missingFactors.map((energy) => energyLabel(t, energy)).join(', '),
          })}
        </Text>
      )}
      {notes.length > 0 && (
        <List size="sm" c="dimmed" spacing={2}>
          {notes.map((note) => (
            <List.Item key={note}>{note}</List.Item>
          ))}
        </List>
      )}
      <FactorsTable block={block} />
    </Stack>
  );
}

/**
 * Shows the « Indicateurs » tab of the building page: final energy per energy and its evolution, kWh/m²,
 * primary energy and emissions per m², and the DPE labels, over twelve months by default.
 */
export function BuildingIndicatorsPanel({ building }: { building: Building }) {
  const { t } = useTranslation();
  const format = useFormat();
  const extent = useBuildingExtent(building.id);
  const [choice, setChoice] = useState<PeriodChoice>({ kind: 'latest' });
  const range = resolvePeriod(choice, extent.latest);
  const indicators = useBuildingIndicators(building.id, range);
  const data = indicators.data;

  let body: ReactNode;
  if (extent.noAccess) {
    body = (
      <Alert color="gray" variant="light" icon={<IconInfoCircle size={20} aria-hidden />}>
        {t('consumption.no-access')}
      </Alert>
    );
  } else if (extent.isPending || (range !== null && indicators.isPending)) {
    body = (
      <Center p="xl">
        <Loader aria-label={t('common.status.loading')} />
      </Center>
    );
  } else if (extent.error) {
    body = <ErrorAlert error={extent.error} />;
  } else if (extent.latest === null) {
    body = (
      <Alert color="blue" variant="light" icon={<IconInfoCircle size={20} aria-hidden />}>
        {t('performance.indicators.no-data')}
      </Alert>
    );
  } else if (indicators.isError) {
    body = <ErrorAlert error={indicators.error} />;
  } else if (data) {
    const block = data.buildings[0] ?? data.total;
    body = (
      <Stack gap="md" style={{ opacity: indicators.isPlaceholderData ? 0.6 : 1 }}>
        <Text size="sm" c="dimmed">
          {t('performance.indicators.range', {
            range: t('consumption.range', {
              from: format.localDate(data.from),
              to: format.localDate(addDays(data.to, -1)),
            }),
            previous: t('consumption.range', {
              from: format.localDate(data.previousFrom),
              to: format.localDate(addDays(data.previousTo, -1)),
            }),
          })}
        </Text>
        <IndicatorsView block={block} notes={data.notes} />
      </Stack>
    );
  }

  return (
    <Paper withBorder p="xl">
      <Title order={2} fz={18} fw={650} mb={4}>
        {t('performance.indicators.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('performance.indicators.description')}
      </Text>
      <Stack gap="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <PeriodSelect latest={extent.latest} years={extent.years} value={choice} onChange={setChoice} />
        </Group>
        {body}
      </Stack>
    </Paper>
  );
}
