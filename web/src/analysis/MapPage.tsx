import {
  Anchor,
  Badge,
  Box,
  Center,
  ColorSwatch,
  Grid,
  Group,
  Loader,
  NumberInput,
  Paper,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { apiRequest } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { addDays, isLocalDate } from '../dates';
import { useFormat } from '../use-format';
import { fetchMap, MAP_INDICATORS, type MapIndicator, type MapItem, type MapResponse } from './api';
import { LeafletMap } from './LeafletMap';

/** Tiles used until the server's map settings arrive. */
const DEFAULT_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

import { CLASS_COLOURS, LEGEND_STEPS, markerColour, NO_VALUE_COLOUR } from './map-colours';

const SEARCH_DELAY_MS = 300;
const VALUE_DECIMALS = 1;

function buildingPath(id: string): string {
  return `/batiments/${encodeURIComponent(id)}`;
}

function Legend({ indicator, unit }: { indicator: MapIndicator; unit: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const entries =
    indicator === 'energy_label'
      ? Object.entries(CLASS_COLOURS).map(([energyClass, colour]) => ({ label: energyClass, colour }))
      : LEGEND_STEPS[indicator].map((step, index, steps) => {
          const next = steps[index + 1];
          const label =
            step.from === Number.NEGATIVE_INFINITY
              ? t('analysis.map.legend-below', { value: format.number(next?.from ?? 0), unit })
              : next
                ? t('analysis.map.legend-between', {
                    from: format.number(step.from),
                    to: format.number(next.from),
                    unit,
                  })
                : t('analysis.map.legend-above', { value: format.number(step.from), unit });
          return { label, colour: step.colour };
        });
  return (
    <Group gap="md" wrap="wrap" aria-label={t('analysis.map.legend')}>
      {[...entries, { label: t('analysis.map.no-value'), colour: NO_VALUE_COLOUR }].map((entry) => (
        <Group key={entry.label} gap={6} wrap="nowrap">
          <ColorSwatch color={entry.colour} size={14} />
          <Text size="xs">{entry.label}</Text>
        </Group>
      ))}
    </Group>
  );
}

/** Map of the buildings in the user's scope, coloured by an indicator, with search and value filters. */
export function MapPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const mapSettings = useQuery({
    queryKey: ['map-settings'],
    queryFn: () => apiRequest<{ tileUrl: string }>('GET', '/map-settings'),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [indicator, setIndicator] = useState<MapIndicator>('kwh_m2');
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const [min, setMin] = useState<number | undefined>(undefined);
  const [max, setMax] = useState<number | undefined>(undefined);
  const [asOf, setAsOf] = useState('');

  const query = {
    indicator,
    min,
    max,
    search: debouncedSearch || undefined,
    asOf: isLocalDate(asOf) ? asOf : undefined,
  };
  const mapQuery = useQuery({
    queryKey: ['analysis', 'map', query],
    queryFn: ({ signal }) => fetchMap(query, signal),
    placeholderData: keepPreviousData,
  });
  const response: MapResponse | undefined = mapQuery.data;
  const unit = response?.unit ?? '';

  const valueText = (item: MapItem) => {
    if (item.value === null) return t('analysis.map.no-value');
    const value = `${format.number(item.value, VALUE_DECIMALS)} ${unit}`;
    return item.energyClass
      ? t('analysis.map.value-with-class', { value, energyClass: item.energyClass })
      : value;
  };

  return (
    <>
      <PageHeader title={t('analysis.map.title')} description={t('analysis.map.description')} />
      <Stack gap="md">
        <Paper withBorder p="md" radius="md">
          <Group align="flex-end" gap="sm" wrap="wrap">
            <Select
              w={260}
              label={t('analysis.map.indicator')}
              data={MAP_INDICATORS.map((value) => ({ value, label: t(`analysis.map.indicators.${value}`) }))}
              value={indicator}
              onChange={(value) => {
                if (!value) return;
                setIndicator(value as MapIndicator);
                setMin(undefined);
                setMax(undefined);
              }}
              allowDeselect={false}
            />
            <TextInput
              w={280}
              label={t('analysis.map.search')}
              placeholder={t('analysis.map.search-placeholder')}
              leftSection={<IconSearch size={16} aria-hidden />}
              value={search}
              onChange={(event) => setSearch(event.currentTarget.value)}
            />
            <NumberInput
              w={200}
              label={t('analysis.map.min', { unit })}
              value={min ?? ''}
              onChange={(value) => setMin(typeof value === 'number' ? value : undefined)}
              decimalSeparator=","
            />
            <NumberInput
              w={200}
              label={t('analysis.map.max', { unit })}
              value={max ?? ''}
              onChange={(value) => setMax(typeof value === 'number' ? value : undefined)}
              decimalSeparator=","
            />
            <TextInput
              type="date"
              w={340}
              label={t('analysis.map.as-of')}
              value={asOf}
              onChange={(event) => setAsOf(event.currentTarget.value)}
            />
            {mapQuery.isFetching && <Loader size="sm" aria-label={t('common.status.loading')} />}
          </Group>
          {response && (
            <Text size="xs" c="dimmed" mt="xs">
              {response.definition}{' '}
              {t('analysis.map.window', {
                from: format.localDate(response.current.from),
                to: format.localDate(addDays(response.current.to, -1)),
              })}
            </Text>
          )}
        </Paper>

        {mapQuery.isError && <ErrorAlert error={mapQuery.error} />}
        {mapQuery.isPending && (
          <Center h={200}>
            <Loader aria-label={t('common.status.loading')} />
          </Center>
        )}
        {response && !mapSettings.isPending && (
          <Grid gutter="md">
            <Grid.Col span={{ base: 12, lg: 8 }}>
              <Paper withBorder p="xs" radius="md">
                <LeafletMap
                  tileUrl={mapSettings.data?.tileUrl ?? DEFAULT_TILE_URL}
                  items={response.items}
                  indicator={indicator}
                  describe={(item) => `${item.name} (${item.code}) : ${valueText(item)}`}
                  siteLabel={(siteName, count) => t('analysis.map.site-group', { site: siteName, count })}
                  onOpen={(id) => void navigate(buildingPath(id))}
                />
                <Box pt="xs" px="xs">
                  <Legend indicator={indicator} unit={unit} />
                  {response.withoutCoordinates > 0 && (
                    <Text size="xs" c="dimmed" mt={4}>
                      {t('analysis.map.without-coordinates', { count: response.withoutCoordinates })}
                    </Text>
                  )}
                </Box>
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <Paper withBorder radius="md">
                <ScrollArea h={620}>
                  <Table highlightOnHover aria-label={t('analysis.map.list-label')}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('analysis.map.building')}</Table.Th>
                        <Table.Th ta="right">{t(`analysis.map.indicators.${indicator}`)}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {response.items.length === 0 && (
                        <Table.Tr>
                          <Table.Td colSpan={2}>
                            <Text c="dimmed" size="sm">
                              {t('analysis.map.nothing-found')}
                            </Text>
                          </Table.Td>
                        </Table.Tr>
                      )}
                      {response.items.map((item) => (
                        <Table.Tr key={item.buildingId}>
                          <Table.Td>
                            <Anchor component={Link} to={buildingPath(item.buildingId)} size="sm">
                              {item.name}
                            </Anchor>
                            <Text size="xs" c="dimmed">
                              {item.code} · {item.siteName}
                              {item.address ? ` · ${item.address}` : ''}
                            </Text>
                          </Table.Td>
                          <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                            <Badge
                              variant="light"
                              color="gray"
                              tt="none"
                              leftSection={<ColorSwatch color={markerColour(indicator, item)} size={10} />}
                            >
                              {valueText(item)}
                            </Badge>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollArea>
              </Paper>
            </Grid.Col>
          </Grid>
        )}
      </Stack>
    </>
  );
}
