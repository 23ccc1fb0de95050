import {
  ActionIcon,
  Button,
  Group,
  MultiSelect,
  Popover,
  Select,
  Stack,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { ENERGIES, type Energy } from '@openfluides/core';
import { IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';
import {
  deleteSavedPerimeter,
  fetchPerimeterOptions,
  fetchSavedPerimeters,
  type Perimeter,
  type PerimeterOptions,
  savePerimeter,
} from './api';

const SEARCH_DELAY_MS = 300;

/** Kinds of perimeter items, each stored in its own id list of the perimeter. */
const ITEM_KINDS = ['site', 'building', 'unit', 'deliveryPoint', 'meter'] as const;
type ItemKind = (typeof ITEM_KINDS)[number];

const PERIMETER_FIELD: Record<
  ItemKind,
  'siteIds' | 'buildingIds' | 'unitIds' | 'deliveryPointIds' | 'meterIds'
> = {
  site: 'siteIds',
  building: 'buildingIds',
  unit: 'unitIds',
  deliveryPoint: 'deliveryPointIds',
  meter: 'meterIds',
};

/** Builds the API perimeter from selected `kind:id` values, the form the MultiSelect stores, and energies. */
export function perimeterOf(values: string[], energies: Energy[]): Perimeter {
  const perimeter: Perimeter = {};
  for (const value of values) {
    const [kind, id] = value.split(':') as [ItemKind, string];
    const field = PERIMETER_FIELD[kind];
    perimeter[field] = [...(perimeter[field] ?? []), id];
  }
  if (energies.length > 0) perimeter.energies = energies;
  return perimeter;
}

function valuesOf(perimeter: Perimeter): string[] {
  return ITEM_KINDS.flatMap((kind) => (perimeter[PERIMETER_FIELD[kind]] ?? []).map((id) => `${kind}:${id}`));
}

function optionLabels(options: PerimeterOptions): Map<string, string> {
  const labels = new Map<string, string>();
  for (const site of options.sites) labels.set(`site:${site.id}`, `${site.name} (${site.code})`);
  for (const building of options.buildings)
    labels.set(`building:${building.id}`, `${building.name} (${building.code}) — ${building.siteName}`);
  for (const unit of options.units) labels.set(`unit:${unit.id}`, `${unit.name} (${unit.code})`);
  for (const point of options.deliveryPoints)
    labels.set(`deliveryPoint:${point.id}`, `${point.identifier} — ${point.name}`);
  for (const meter of options.meters) labels.set(`meter:${meter.id}`, `${meter.name} (${meter.code})`);
  return labels;
}

/**
 * Perimeter of the analysis: sites, buildings, functional units, delivery points and meters found by
 * a server-side search, an energy filter, and the user's saved perimeters.
 */
export function PerimeterSelector({
  values,
  energies,
  onChange,
}: {
  values: string[];
  energies: Energy[];
  onChange: (values: string[], energies: Energy[]) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, SEARCH_DELAY_MS);
  // Labels of every item seen, so selected items keep their name when a new search drops them.
  const [knownLabels, setKnownLabels] = useState<Map<string, string>>(new Map());
  const [saveName, setSaveName] = useState('');
  const [saveOpened, setSaveOpened] = useState(false);
  const [savedId, setSavedId] = useState<string | null>(null);

  const optionsQuery = useQuery({
    queryKey: ['analysis', 'perimeter-options', debouncedSearch],
    queryFn: async ({ signal }) => {
      const options = await fetchPerimeterOptions(debouncedSearch, signal);
      setKnownLabels((previous) => new Map([...previous, ...optionLabels(options)]));
      return options;
    },
    placeholderData: keepPreviousData,
  });
  const savedQuery = useQuery({ queryKey: ['analysis', 'perimeters'], queryFn: fetchSavedPerimeters });

  const saveMutation = useMutation({
    mutationFn: () => savePerimeter(saveName.trim(), perimeterOf(values, energies)),
    onSuccess: async (saved) => {
      setSaveOpened(false);
      setSaveName('');
      setSavedId(saved.id);
      await queryClient.invalidateQueries({ queryKey: ['analysis', 'perimeters'] });
    },
  });
  const deleteMutation = useMutation({
    mutationFn: (id: string) => deleteSavedPerimeter(id),
    onSuccess: async () => {
      setSavedId(null);
      await queryClient.invalidateQueries({ queryKey: ['analysis', 'perimeters'] });
    },
  });

  const options = optionsQuery.data;
  const labelOf = (value: string) =>
    knownLabels.get(value) ?? t('analysis.perimeter.unknown-item', { id: value.split(':')[1] });
  const group = (kind: ItemKind, items: { id: string }[]) => ({
    group: t(`analysis.perimeter.group.${kind}`),
    items: items.map((item) => ({ value: `${kind}:${item.id}`, label: labelOf(`${kind}:${item.id}`) })),
  });
  const searchedGroups = options
    ? [
        group('site', options.sites),
        group('building', options.buildings),
        group('unit', options.units),
        group('deliveryPoint', options.deliveryPoints),
        group('meter', options.meters),
      ]
    : [];
  // Selected items the current search does not return stay in the data, or MultiSelect drops them.
  const shown = new Set(searchedGroups.flatMap((entry) => entry.items.map((item) => item.value)));
  const missing = values.filter((value) => !shown.has(value));
  const data = [
    ...(missing.length > 0
      ? [
          {
            group: t('analysis.perimeter.group.selected'),
            items: missing.map((value) => ({ value, label: labelOf(value) })),
          },
        ]
      : []),
    ...searchedGroups.filter((entry) => entry.items.length > 0),
  ];

  const saved = savedQuery.data?.items ?? [];
  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <MultiSelect
          style={{ flex: '1 1 420px' }}
          label={t('analysis.perimeter.label')}
          description={t('analysis.perimeter.description')}
          placeholder={values.length === 0 ? t('analysis.perimeter.placeholder') : undefined}
          data={data}
          value={values}
          onChange={(next) => onChange(next, energies)}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options: all }) => all}
          clearable
          hidePickedOptions
          nothingFoundMessage={t('analysis.perimeter.nothing-found')}
          maxDropdownHeight={320}
        />
        <MultiSelect
          style={{ flex: '0 1 260px' }}
          label={t('analysis.perimeter.energies')}
          placeholder={energies.length === 0 ? t('analysis.perimeter.all-energies') : undefined}
          data={ENERGIES.map((energy) => ({ value: energy, label: t(`energy.${energy}`) }))}
          value={energies}
          onChange={(next) => onChange(values, next as Energy[])}
          clearable
        />
      </Group>
      <Group align="flex-end" gap="sm">
        <Select
          w={280}
          label={t('analysis.perimeter.saved')}
          placeholder={
            saved.length === 0 ? t('analysis.perimeter.no-saved') : t('analysis.perimeter.choose-saved')
          }
          data={saved.map((item) => ({ value: item.id, label: item.name }))}
          value={savedId}
          onChange={(id) => {
            setSavedId(id);
            const chosen = saved.find((item) => item.id === id);
            if (chosen) onChange(valuesOf(chosen.perimeter), chosen.perimeter.energies ?? []);
          }}
          disabled={saved.length === 0}
        />
        {savedId && (
          <Tooltip label={t('analysis.perimeter.delete-saved')}>
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label={t('analysis.perimeter.delete-saved')}
              onClick={() => deleteMutation.mutate(savedId)}
              loading={deleteMutation.isPending}
            >
              <IconTrash size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
        )}
        <Popover opened={saveOpened} onChange={setSaveOpened} position="bottom-start" withArrow trapFocus>
          <Popover.Target>
            <Button
              variant="default"
              leftSection={<IconDeviceFloppy size={16} aria-hidden />}
              onClick={() => setSaveOpened((opened) => !opened)}
            >
              {t('analysis.perimeter.save')}
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                if (saveName.trim() !== '') saveMutation.mutate();
              }}
            >
              <Stack gap="xs" w={280}>
                <TextInput
                  label={t('analysis.perimeter.save-name')}
                  value={saveName}
                  onChange={(event) => setSaveName(event.currentTarget.value)}
                  maxLength={200}
                  required
                />
                {saveMutation.isError && <ErrorAlert error={saveMutation.error} />}
                <Button type="submit" loading={saveMutation.isPending} disabled={saveName.trim() === ''}>
                  {t('analysis.perimeter.save-confirm')}
                </Button>
              </Stack>
            </form>
          </Popover.Dropdown>
        </Popover>
      </Group>
      {optionsQuery.isError && <ErrorAlert error={optionsQuery.error} />}
      {deleteMutation.isError && <ErrorAlert error={deleteMutation.error} />}
    </Stack>
  );
}
