import { Anchor, Badge, Center, Group, Loader, Paper, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { ENERGIES } from '@openfluides/core';
import { IconSearch } from '@tabler/icons-react';
import { Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useDeliveryPointList } from '../api/queries';
import type { DeliveryPoint } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { NoValue } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { isEnergy } from '../consumption/labels';
import { identifierKindLabel } from '../delivery-points/labels';
import { EnergyBadge } from '../meters/MetersSection';
import { useFormat } from '../use-format';

const SEARCH_DELAY_MS = 300;

export function ActiveBadge({ isActive }: { isActive: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color={isActive ? 'green' : 'gray'} variant="light" tt="none">
      {isActive ? t('delivery-points.status.active') : t('delivery-points.status.inactive')}
    </Badge>
  );
}

function PointRow({ point }: { point: DeliveryPoint }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const path = `/points-de-livraison/${point.id}`;
  return (
    <Table.Tr className="clickable-row" onClick={() => void navigate(path)}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="xs" c="dimmed">
          {identifierKindLabel(t, point.energy)}
        </Text>
        <Anchor
          component={Link}
          to={path}
          size="sm"
          ff="monospace"
          fw={500}
          onClick={(event) => event.stopPropagation()}
        >
          {point.identifier}
        </Anchor>
      </Table.Td>
      <Table.Td>{point.name ? <Text size="sm">{point.name}</Text> : <NoValue />}</Table.Td>
      <Table.Td>
        <EnergyBadge energy={point.energy} />
      </Table.Td>
      <Table.Td>{point.segment ? <Text size="sm">{point.segment}</Text> : <NoValue />}</Table.Td>
      <Table.Td>{point.supplier ? <Text size="sm">{point.supplier}</Text> : <NoValue />}</Table.Td>
      <Table.Td>
        {point.allocations.length === 0 ? (
          <NoValue />
        ) : (
          <Text size="sm">
            {point.allocations.map((allocation, index) => (
              <Fragment key={allocation.id}>
                {index > 0 && ', '}
                <Anchor
                  component={Link}
                  to={`/batiments/${allocation.buildingId}`}
                  size="sm"
                  onClick={(event) => event.stopPropagation()}
                >
                  {allocation.buildingName}
                </Anchor>
              </Fragment>
            ))}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <ActiveBadge isActive={point.isActive} />
      </Table.Td>
    </Table.Tr>
  );
}

/** Delivery points (PRM, PCE…) serving the buildings of the caller's scope, filterable by energy and text. */
export function DeliveryPointsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [searchParams, setSearchParams] = useSearchParams();
  const q = searchParams.get('q') ?? '';
  const energyParam = searchParams.get('energy');
  const energy = energyParam && isEnergy(energyParam) ? energyParam : undefined;
  const [searchInput, setSearchInput] = useState(q);
  const [debouncedSearch] = useDebouncedValue(searchInput.trim(), SEARCH_DELAY_MS);

  const updateParams = (changes: Record<string, string | null>) => {
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [name, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(name);
          else next.set(name, value);
        }
        return next;
      },
      { replace: true },
    );
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new search text should update the URL.
  useEffect(() => {
    if (debouncedSearch !== q) updateParams({ q: debouncedSearch });
  }, [debouncedSearch]);

  const list = useDeliveryPointList({ q: q || undefined, energy });
  const points = list.data ?? [];
  const hasFilter = q !== '' || energy !== undefined;

  return (
    <>
      <PageHeader
        title={t('delivery-points.list.title')}
        description={t('delivery-points.list.description')}
      />
      <Paper withBorder>
        <Group p="md" gap="md" align="flex-end" wrap="wrap">
          <TextInput
            label={t('delivery-points.list.search-label')}
            placeholder={t('delivery-points.list.search-placeholder')}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={searchInput}
            onChange={(event) => setSearchInput(event.currentTarget.value)}
            w={340}
            type="search"
          />
          <Select
            label={t('delivery-points.list.energy-filter-label')}
            placeholder={t('delivery-points.list.energy-filter-all')}
            data={ENERGIES.map((value) => ({ value, label: t(`energy.${value}`) }))}
            value={energy ?? null}
            onChange={(value) => updateParams({ energy: value })}
            clearable
            w={240}
          />
          <Text size="sm" c="dimmed" ml="auto" aria-live="polite">
            {list.data &&
              t('delivery-points.list.total', {
                count: points.length,
                formatted: format.number(points.length),
              })}
          </Text>
        </Group>
        <ErrorAlert error={list.error} />
        {list.isPending ? (
          <Center p="xl">
            <Loader aria-label={t('common.status.loading')} />
          </Center>
        ) : points.length === 0 ? (
          <Text p="xl" ta="center" c="dimmed">
            {hasFilter ? t('delivery-points.list.no-match') : t('delivery-points.list.empty')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={980}>
            <Table highlightOnHover style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}>
              <Table.Thead bg="gray.0">
                <Table.Tr>
                  <Table.Th>{t('delivery-points.list.column-identifier')}</Table.Th>
                  <Table.Th>{t('delivery-points.list.column-name')}</Table.Th>
                  <Table.Th>{t('delivery-points.list.column-energy')}</Table.Th>
                  <Table.Th>{t('delivery-points.list.column-segment')}</Table.Th>
                  <Table.Th>{t('delivery-points.list.column-supplier')}</Table.Th>
                  <Table.Th>{t('delivery-points.list.column-buildings')}</Table.Th>
                  <Table.Th>{t('delivery-points.list.column-status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {points.map((point) => (
                  <PointRow key={point.id} point={point} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
    </>
  );
}
