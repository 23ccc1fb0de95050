import { Button, Group, Modal, Paper, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCloud } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { setBuildingWeatherStation } from '../api/endpoints';
import { queryKeys, useWeatherStations } from '../api/queries';
import type { StationSummary, WeatherStation } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFormat } from '../use-format';
import { useBuildingStation } from './station-state';

/**
 * Returns a function that writes the days of weather a station holds: « du 01/01/2018 au 31/12/2022, 100 %
 * des jours ».
 */
function useCoverageText() {
  const { t } = useTranslation();
  const format = useFormat();
  return (station: WeatherStation | undefined) => {
    if (!station) return null;
    if (station.firstDay === null || station.lastDay === null) return t('performance.station.no-data');
    return t('performance.station.coverage', {
      from: format.localDate(station.firstDay),
      to: format.localDate(station.lastDay),
      share: format.share(station.daysInRange > 0 ? station.daysPresent / station.daysInRange : 0),
    });
  };
}

function StationModal({
  buildingId,
  current,
  stations,
  onClose,
  onChanged,
}: {
  buildingId: string;
  current: StationSummary | null;
  stations: WeatherStation[];
  onClose: () => void;
  onChanged: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const coverageText = useCoverageText();
  const [stationId, setStationId] = useState<string | null>(current?.id ?? null);
  const mutation = useMutation({
    mutationFn: () => setBuildingWeatherStation(buildingId, stationId),
    onSuccess: async (result) => {
      // Every figure of the building depends on its station, so all of them are fetched again,
      // those of closed tabs and the station query itself included.
      await queryClient.invalidateQueries({
        queryKey: queryKeys.buildingPerformance(buildingId),
        refetchType: 'all',
      });
      await queryClient.invalidateQueries({ queryKey: queryKeys.weatherStations });
      notifications.show({
        color: 'green',
        message: result.station
          ? t('performance.station.saved', { name: result.station.name })
          : t('performance.station.cleared'),
      });
      onChanged?.();
      onClose();
    },
  });
  const selected = stations.find((station) => station.id === stationId);
  return (
    <Stack gap="md">
      <Select
        label={t('performance.station.select-label')}
        description={t('performance.station.select-help')}
        placeholder={t('performance.station.none')}
        data={stations.map((station) => ({
          value: station.id,
          label: t('performance.station.option', { name: station.name, code: station.code }),
        }))}
        value={stationId}
        onChange={setStationId}
        clearable
        searchable
        nothingFoundMessage={t('common.form.nothing-found')}
        data-autofocus
      />
      {selected && (
        <Text size="sm" c="dimmed">
          {coverageText(selected)}
        </Text>
      )}
      <ErrorAlert error={mutation.error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('common.action.cancel')}
        </Button>
        <Button onClick={() => mutation.mutate()} loading={mutation.isPending}>
          {t('common.action.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * Shows the weather station of a building, whose temperatures give the degree days of every analysis. Users
 * with the configure level may change it; others read it. `current` is undefined while unknown.
 */
export function WeatherStationCard({
  buildingId,
  current,
  canConfigure,
  onChanged,
  probe = true,
}: {
  buildingId: string;
  current: StationSummary | null | undefined;
  canConfigure: boolean;
  /**
   * Whether to ask the API for the station while `current` is unknown; false while an analysis that returns
   * it runs.
   */
  probe?: boolean;
  /** Called after the station changed, so that a tab can drop a result computed with the old one. */
  onChanged?: () => void;
}) {
  const { t } = useTranslation();
  const stations = useWeatherStations();
  const coverageText = useCoverageText();
  const [editing, setEditing] = useState(false);
  const fetched = useBuildingStation(buildingId, probe && current === undefined);
  const station = current !== undefined ? current : fetched;
  const details = station ? stations.data?.find((item) => item.id === station.id) : undefined;

  return (
    <Paper withBorder p="md" bg="gray.0">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <IconCloud size={22} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
          <Stack gap={2}>
            <Text size="sm" fw={600}>
              {station === undefined
                ? t('performance.station.unknown')
                : station === null
                  ? t('performance.station.missing')
                  : t('performance.station.current', { name: station.name, code: station.code })}
            </Text>
            <Text size="xs" c="dimmed">
              {station ? (coverageText(details) ?? station.source) : t('performance.station.why')}
            </Text>
          </Stack>
        </Group>
        {canConfigure && (
          <Button variant="default" size="xs" onClick={() => setEditing(true)}>
            {station
              ? t('performance.station.change-button')
              : station === null
                ? t('performance.station.attach-button')
                : t('performance.station.choose-button')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={stations.error} />
      <Modal
        opened={editing}
        onClose={() => setEditing(false)}
        title={t('performance.station.modal-title')}
        centered
      >
        {editing && (
          <StationModal
            buildingId={buildingId}
            current={station ?? null}
            stations={stations.data ?? []}
            onClose={() => setEditing(false)}
            onChanged={onChanged}
          />
        )}
      </Modal>
    </Paper>
  );
}
