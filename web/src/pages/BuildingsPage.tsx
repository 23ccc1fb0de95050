import {
  Anchor,
  Button,
  Center,
  Group,
  Loader,
  Modal,
  Pagination,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconPlus, IconSearch } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { apiUrl } from '../api/client';
import { createBuilding } from '../api/endpoints';
import { queryKeys, useBuildingList, useCreatableSites, useSites } from '../api/queries';
import type { Building, CreatableSite } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { useFormat } from '../use-format';
import { BuildingForm, type BuildingFormValues } from './BuildingForm';

const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 300;

function CreateBuildingModal({
  opened,
  onClose,
  sites,
}: {
  opened: boolean;
  onClose: () => void;
  sites: CreatableSite[];
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const siteOptions = sites.map((site) => ({ value: site.id, label: site.name }));

  const mutation = useMutation({
    mutationFn: (values: BuildingFormValues) => createBuilding(values),
    onSuccess: async (building) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.buildings });
      await queryClient.invalidateQueries({ queryKey: queryKeys.sites });
      notifications.show({ color: 'green', message: t('buildings.create.success', { name: building.name }) });
      onClose();
      await navigate(`/batiments/${building.id}`);
    },
  });

  const close = () => {
    mutation.reset();
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title={t('buildings.create.title')} size="xl" centered>
      {opened && (
        <BuildingForm
          siteOptions={siteOptions}
          initial={siteOptions.length === 1 ? { siteId: siteOptions[0]?.value ?? '' } : {}}
          submitLabel={t('buildings.create.submit-button')}
          submitting={mutation.isPending}
          error={mutation.error}
          onSubmit={(values) => mutation.mutate(values)}
          onCancel={close}
        />
      )}
    </Modal>
  );
}

function BuildingRow({ building }: { building: Building }) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const path = `/batiments/${building.id}`;
  return (
    <Table.Tr className="clickable-row" onClick={() => void navigate(path)}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" ff="monospace">
          {building.code}
        </Text>
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} to={path} fw={500} size="sm" onClick={(event) => event.stopPropagation()}>
          {building.name}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{building.siteName}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={building.address ? undefined : 'dimmed'}>
          {building.address ?? t('common.value.none')}
        </Text>
      </Table.Td>
      <Table.Td ta="right">
        <Text
          size="sm"
          c={building.floorAreaM2 === null ? 'dimmed' : undefined}
          style={{ whiteSpace: 'nowrap' }}
        >
          {building.floorAreaM2 === null ? t('common.value.none') : format.area(building.floorAreaM2)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={building.unitNames.length === 0 ? 'dimmed' : undefined}>
          {building.unitNames.length === 0 ? t('common.value.none') : building.unitNames.join(', ')}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

export function BuildingsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [searchParams, setSearchParams] = useSearchParams();
  const q = searchParams.get('q') ?? '';
  const siteId = searchParams.get('siteId') ?? '';
  const page = Math.max(1, Number.parseInt(searchParams.get('page') ?? '1', 10) || 1);
  const [createOpened, setCreateOpened] = useState(false);

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

  // The URL contains the filter, so a shared link or the back button shows the same list.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new search text should reset the page.
  useEffect(() => {
    if (debouncedSearch !== q) updateParams({ q: debouncedSearch, page: null });
  }, [debouncedSearch]);

  const sites = useSites();
  const list = useBuildingList({
    q: q || undefined,
    siteId: siteId || undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const total = list.data?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  // The server lists the sites where the caller may create buildings, so the button shows only
  // for users who can use it.
  const creatableSites = useCreatableSites();
  const canCreate = (creatableSites.data ?? []).length > 0;
  const hasFilter = q !== '' || siteId !== '';

  return (
    <>
      <PageHeader
        title={t('buildings.list.title')}
        description={t('buildings.list.description')}
        actions={
          <>
            <Button
              component="a"
              href={apiUrl('/buildings/export.csv', { q, siteId })}
              download
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden />}
            >
              {t('buildings.list.export-button')}
            </Button>
            {canCreate && (
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreateOpened(true)}>
                {t('buildings.list.create-button')}
              </Button>
            )}
          </>
        }
      />

      <Paper withBorder>
        <Group p="md" gap="md" align="flex-end" wrap="wrap">
          <TextInput
            label={t('buildings.list.search-label')}
            placeholder={t('buildings.list.search-placeholder')}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={searchInput}
            onChange={(event) => setSearchInput(event.currentTarget.value)}
            w={340}
            type="search"
          />
          <Select
            label={t('buildings.list.site-filter-label')}
            placeholder={t('buildings.list.site-filter-all')}
            data={(sites.data ?? []).map((site) => ({ value: site.id, label: site.name }))}
            value={siteId || null}
            onChange={(value) => updateParams({ siteId: value, page: null })}
            clearable
            searchable
            w={320}
            nothingFoundMessage={t('common.form.nothing-found')}
          />
          <Text size="sm" c="dimmed" ml="auto" aria-live="polite">
            {list.data && t('buildings.list.total', { count: total, formatted: format.number(total) })}
          </Text>
        </Group>

        <ErrorAlert error={list.error} />

        {list.isPending ? (
          <Center p="xl">
            <Loader aria-label={t('common.status.loading')} />
          </Center>
        ) : list.data && list.data.items.length === 0 ? (
          <Text p="xl" ta="center" c="dimmed">
            {hasFilter ? t('buildings.list.no-match') : t('home.empty.message')}
          </Text>
        ) : (
          list.data && (
            <Table.ScrollContainer minWidth={900}>
              <Table highlightOnHover striped={false} style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}>
                <Table.Thead bg="gray.0">
                  <Table.Tr>
                    <Table.Th>{t('buildings.list.column-code')}</Table.Th>
                    <Table.Th>{t('buildings.list.column-name')}</Table.Th>
                    <Table.Th>{t('buildings.list.column-site')}</Table.Th>
                    <Table.Th>{t('buildings.list.column-address')}</Table.Th>
                    <Table.Th ta="right" w={130}>
                      {t('buildings.list.column-floor-area')}
                    </Table.Th>
                    <Table.Th>{t('buildings.list.column-units')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.items.map((building) => (
                    <BuildingRow key={building.id} building={building} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        )}

        {pageCount > 1 && (
          <Stack align="center" p="md">
            <Pagination
              total={pageCount}
              value={Math.min(page, pageCount)}
              onChange={(next) => {
                updateParams({ page: next === 1 ? null : String(next) });
                window.scrollTo({ top: 0 });
              }}
              getControlProps={(control) => ({
                'aria-label': t(`common.pagination.${control}`),
              })}
            />
          </Stack>
        )}
      </Paper>

      <CreateBuildingModal
        opened={createOpened}
        onClose={() => setCreateOpened(false)}
        sites={creatableSites.data ?? []}
      />
    </>
  );
}
