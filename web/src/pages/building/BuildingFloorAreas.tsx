import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../api/client';
import { fieldErrors } from '../../api/error-messages';
import type { Building } from '../../api/types';
import { includesLevel } from '../../auth/access';
import { ErrorAlert } from '../../components/ErrorAlert';
import { addDays, isLocalDate, todayInParis } from '../../dates';
import { useFormat } from '../../use-format';

/** Response of `GET /api/buildings/:id/floor-areas`. */
interface FloorAreas {
  buildingId: string;
  floorAreaM2: number | null;
  changes: { changedOn: string; areaBeforeM2: number }[];
}

/** A span of days with one floor area; null bounds are open. */
interface AreaPeriod {
  from: string | null;
  /** Last day, included. */
  until: string | null;
  areaM2: number | null;
  changedOn: string | null;
}

const floorAreasKey = (buildingId: string) => ['building-floor-areas', buildingId] as const;

function floorAreasPath(buildingId: string, changedOn?: string): string {
  const base = `/buildings/${encodeURIComponent(buildingId)}/floor-areas`;
  return changedOn === undefined ? base : `${base}/${changedOn}`;
}

/** Turns the changes into consecutive periods, the current area last. */
export function areaPeriods(data: FloorAreas): AreaPeriod[] {
  const periods: AreaPeriod[] = [];
  let from: string | null = null;
  for (const change of data.changes) {
    periods.push({
      from,
      until: addDays(change.changedOn, -1),
      areaM2: change.areaBeforeM2,
      changedOn: change.changedOn,
    });
    from = change.changedOn;
  }
  periods.push({ from, until: null, areaM2: data.floorAreaM2, changedOn: null });
  return periods;
}

function ChangeForm({ buildingId, onSaved }: { buildingId: string; onSaved: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const [changedOn, setChangedOn] = useState('');
  const [areaBefore, setAreaBefore] = useState<string | number>('');
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: (change: { changedOn: string; areaBeforeM2: number }) =>
      apiRequest<FloorAreas>('PUT', floorAreasPath(buildingId, change.changedOn), {
        body: { areaBeforeM2: change.areaBeforeM2 },
      }),
    onSuccess: async () => {
      await onSaved();
      setChangedOn('');
      setAreaBefore('');
      notifications.show({ color: 'green', message: t('buildings.floor-areas.saved') });
    },
  });
  const serverErrors = fieldErrors(t, mutation.error);
  const errorOf = (field: string) => clientErrors[field] ?? serverErrors[field];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!isLocalDate(changedOn)) problems.changedOn = t('common.form.date-invalid');
    else if (changedOn > todayInParis()) problems.changedOn = t('buildings.floor-areas.date-future');
    if (typeof areaBefore !== 'number' || areaBefore <= 0)
      problems.areaBeforeM2 = t('buildings.floor-areas.area-invalid');
    setClientErrors(problems);
    if (Object.keys(problems).length > 0 || typeof areaBefore !== 'number') return;
    mutation.mutate({ changedOn, areaBeforeM2: areaBefore });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-start" gap="md" wrap="wrap">
        <TextInput
          type="date"
          label={t('buildings.floor-areas.changed-on-label')}
          description={t('buildings.floor-areas.changed-on-help')}
          value={changedOn}
          onChange={(event) => setChangedOn(event.currentTarget.value)}
          error={errorOf('changedOn')}
          withAsterisk
          w={230}
        />
        <NumberInput
          label={t('buildings.floor-areas.area-before-label')}
          description={t('buildings.floor-areas.area-before-help')}
          value={areaBefore}
          onChange={setAreaBefore}
          min={0}
          decimalScale={2}
          decimalSeparator={i18n.language === 'fr' ? ',' : '.'}
          thousandSeparator={i18n.language === 'fr' ? ' ' : ','}
          suffix=" m²"
          hideControls
          error={errorOf('areaBeforeM2')}
          withAsterisk
          w={260}
        />
        <Button type="submit" mt={46} leftSection={<IconPlus size={16} />} loading={mutation.isPending}>
          {t('buildings.floor-areas.submit')}
        </Button>
      </Group>
      {mutation.error && Object.keys(serverErrors).length === 0 ? (
        <ErrorAlert error={mutation.error} />
      ) : null}
    </form>
  );
}

/** Floor area of a building over time: the periods it applies to, and the form to record a change. */
export function BuildingFloorAreas({ building }: { building: Building }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const canWrite = includesLevel(building.accessLevel, 'write');
  const query = useQuery({
    queryKey: floorAreasKey(building.id),
    queryFn: () => apiRequest<FloorAreas>('GET', floorAreasPath(building.id)),
  });
  // The current area comes from the building, which the edit form refreshes. Every figure per m²
  // may change with a dated area: a change refreshes whatever the page shows.
  const refresh = () => queryClient.invalidateQueries();
  const removal = useMutation({
    mutationFn: (changedOn: string) =>
      apiRequest<FloorAreas>('DELETE', floorAreasPath(building.id, changedOn)),
    onSuccess: async () => {
      await refresh();
      notifications.show({ color: 'green', message: t('buildings.floor-areas.deleted') });
    },
  });

  const periodLabel = (period: AreaPeriod) => {
    if (period.from === null && period.until === null) return t('buildings.floor-areas.period-always');
    if (period.from === null)
      return t('buildings.floor-areas.period-until', { until: format.localDate(period.until as string) });
    if (period.until === null)
      return t('buildings.floor-areas.period-since', { from: format.localDate(period.from) });
    return t('buildings.floor-areas.period-between', {
      from: format.localDate(period.from),
      until: format.localDate(period.until),
    });
  };

  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="md">
        <div>
          <Title order={3}>{t('buildings.floor-areas.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('buildings.floor-areas.intro')}
          </Text>
        </div>
        {query.error ? <ErrorAlert error={query.error} /> : null}
        {removal.error ? <ErrorAlert error={removal.error} /> : null}
        {query.data ? (
          <Table withTableBorder striped maw={720} aria-label={t('buildings.floor-areas.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('buildings.floor-areas.column-period')}</Table.Th>
                <Table.Th ta="right">{t('buildings.floor-areas.column-area')}</Table.Th>
                {canWrite ? <Table.Th w={60} /> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {areaPeriods({ ...query.data, floorAreaM2: building.floorAreaM2 }).map((period) => (
                <Table.Tr key={period.from ?? 'first'}>
                  <Table.Td>{periodLabel(period)}</Table.Td>
                  <Table.Td ta="right">
                    {period.areaM2 === null ? t('buildings.floor-areas.unknown') : format.area(period.areaM2)}
                  </Table.Td>
                  {canWrite ? (
                    <Table.Td>
                      {period.changedOn ? (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('buildings.floor-areas.delete', {
                            date: format.localDate(period.changedOn),
                          })}
                          loading={removal.isPending && removal.variables === period.changedOn}
                          onClick={() => removal.mutate(period.changedOn as string)}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      ) : null}
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
        {canWrite ? (
          building.floorAreaM2 === null ? (
            <Text size="sm">{t('buildings.floor-areas.needs-current')}</Text>
          ) : (
            <ChangeForm buildingId={building.id} onSaved={refresh} />
          )
        ) : null}
      </Stack>
    </Paper>
  );
}
