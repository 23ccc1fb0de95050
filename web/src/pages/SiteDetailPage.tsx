import {
  Anchor,
  Box,
  Breadcrumbs,
  Button,
  Center,
  Loader,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { updateSite } from '../api/endpoints';
import { queryKeys, useBuildingList, useSites } from '../api/queries';
import type { Building, Site, SiteFields } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { ConsumptionSection } from '../consumption/BuildingConsumption';
import { SiteForm } from '../sites/SiteForm';
import { useFormat } from '../use-format';

const DETAIL_MAX_WIDTH = 1240;
/** Largest page that `GET /api/buildings` returns; a site rarely contains more buildings. */
const MAX_BUILDINGS = 500;

/** Sum of the floor areas, or null when any building lacks one, so a kWh/m² ratio is never understated. */
function totalFloorArea(buildings: Building[]): number | null {
  let total = 0;
  for (const building of buildings) {
    if (building.floorAreaM2 === null) return null;
    total += building.floorAreaM2;
  }
  return buildings.length === 0 ? null : total;
}

function SiteBuildings({ buildings }: { buildings: Building[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table highlightOnHover withTableBorder>
        <Table.Thead bg="gray.0">
          <Table.Tr>
            <Table.Th>{t('buildings.list.column-code')}</Table.Th>
            <Table.Th>{t('buildings.list.column-name')}</Table.Th>
            <Table.Th ta="right">{t('buildings.list.column-floor-area')}</Table.Th>
            <Table.Th>{t('buildings.list.column-units')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {buildings.map((building) => (
            <Table.Tr key={building.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm" ff="monospace">
                  {building.code}
                </Text>
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/batiments/${building.id}`} fw={500} size="sm">
                  {building.name}
                </Anchor>
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm" c={building.floorAreaM2 === null ? 'dimmed' : undefined}>
                  {building.floorAreaM2 === null ? t('common.value.none') : format.area(building.floorAreaM2)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={building.unitNames.length === 0 ? 'dimmed' : undefined}>
                  {building.unitNames.length === 0 ? t('common.value.none') : building.unitNames.join(', ')}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function EditSiteModal({ site, opened, onClose }: { site: Site; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (changes: Partial<SiteFields>) => updateSite(site.id, changes),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.sites });
      await queryClient.invalidateQueries({ queryKey: queryKeys.buildings });
      notifications.show({ color: 'green', message: t('sites.edit.success') });
      onClose();
    },
  });
  const close = () => {
    mutation.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('sites.edit.title')} size="lg" centered>
      {opened && (
        <SiteForm
          initial={site}
          submitLabel={t('common.action.save')}
          submitting={mutation.isPending}
          error={mutation.error}
          onSubmit={(changes) => mutation.mutate(changes)}
          onCancel={close}
        />
      )}
    </Modal>
  );
}

/** Site page: its buildings in the caller's scope and their summed consumption. */
export function SiteDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useSession();
  const sites = useSites();
  const buildings = useBuildingList({ siteId: id, limit: MAX_BUILDINGS, offset: 0 });
  const [editing, setEditing] = useState(false);
  // NOTE: the API has no `GET /api/sites/:id`, so the site comes from the list of sites in scope.
  const site = sites.data?.find((candidate) => candidate.id === id);

  const breadcrumbs = (name: string) => (
    <Breadcrumbs mb="sm" separatorMargin={6}>
      <Anchor component={Link} to="/sites" size="sm">
        {t('app.navigation.sites')}
      </Anchor>
      <Text size="sm" c="dimmed">
        {name}
      </Text>
    </Breadcrumbs>
  );

  if (sites.isPending) {
    return (
      <Center p="xl">
        <Loader aria-label={t('common.status.loading')} />
      </Center>
    );
  }
  if (!site) {
    return (
      <>
        {breadcrumbs(t('sites.detail.unknown'))}
        <PageHeader title={t('sites.detail.unknown')} />
        <Stack maw={720} align="flex-start">
          <ErrorAlert error={sites.error} />
          {!sites.error && <Text size="sm">{t('sites.detail.unknown-message')}</Text>}
          <Button component={Link} to="/sites" variant="default">
            {t('sites.detail.back-button')}
          </Button>
        </Stack>
      </>
    );
  }

  const siteBuildings = buildings.data?.items ?? [];
  return (
    <Box maw={DETAIL_MAX_WIDTH}>
      {breadcrumbs(site.name)}
      <PageHeader
        title={site.name}
        description={
          site.city
            ? t('sites.detail.subtitle-with-city', { code: site.code, city: site.city })
            : t('sites.detail.subtitle', { code: site.code })
        }
        actions={
          me.user.isAdmin && (
            <Button
              variant="default"
              leftSection={<IconPencil size={16} aria-hidden />}
              onClick={() => setEditing(true)}
            >
              {t('sites.detail.edit-button')}
            </Button>
          )
        }
      />
      <Stack gap="lg">
        <Paper withBorder p="xl">
          <Title order={2} fz={18} fw={650} mb={4}>
            {t('sites.detail.buildings-title')}
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            {t('sites.detail.buildings-count', { count: site.buildingCount })}
          </Text>
          <ErrorAlert error={buildings.error} />
          {buildings.isPending ? (
            <Center p="xl">
              <Loader aria-label={t('common.status.loading')} />
            </Center>
          ) : siteBuildings.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('sites.detail.no-buildings')}
            </Text>
          ) : (
            <SiteBuildings buildings={siteBuildings} />
          )}
        </Paper>
        {site.buildingCount > 0 && (
          <ConsumptionSection
            subject={{
              kind: 'site',
              id: site.id,
              name: site.name,
              floorAreaM2: buildings.data ? totalFloorArea(siteBuildings) : null,
            }}
          />
        )}
      </Stack>
      <EditSiteModal site={site} opened={editing} onClose={() => setEditing(false)} />
    </Box>
  );
}
