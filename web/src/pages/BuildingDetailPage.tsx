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
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { deleteBuilding, updateBuilding } from '../api/endpoints';
import { queryKeys, useBuilding, useDeliveryPointList } from '../api/queries';
import type { Building } from '../api/types';
import { includesLevel } from '../auth/access';
import { ConfirmModal } from '../components/ConfirmModal';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { BuildingConsumption } from '../consumption/BuildingConsumption';
import { MetersSection } from '../meters/MetersSection';
import { BuildingTabs } from '../performance/BuildingTabs';
import { BuildingForm, type BuildingFormValues } from './BuildingForm';
import { BuildingDeliveryPoints } from './building/BuildingDeliveryPoints';
import { BuildingFloorAreas } from './building/BuildingFloorAreas';
import { BuildingImportRuns } from './building/BuildingImportRuns';
import { BuildingKeyFigures } from './building/BuildingKeyFigures';
import { BuildingProperties } from './building/BuildingProperties';
import { BuildingShares } from './building/BuildingShares';

/** Width of the building page, so the header buttons line up with the cards below. */
const DETAIL_MAX_WIDTH = 1240;

function BuildingSections({ building }: { building: Building }) {
  const { t } = useTranslation();
  const points = useDeliveryPointList({ buildingId: building.id });
  const canConfigure = includesLevel(building.accessLevel, 'configure');
  return (
    <>
      <BuildingConsumption building={building} />
      <BuildingShares building={building} />
      <BuildingDeliveryPoints
        building={building}
        points={points.data ?? []}
        error={points.error}
        isPending={points.isPending}
      />
      <MetersSection
        query={{ buildingId: building.id }}
        points={(points.data ?? []).map((point) => ({
          id: point.id,
          identifier: point.identifier,
          energy: point.energy,
          name: point.name,
        }))}
        buildings={[{ id: building.id, name: building.name }]}
        canConfigure={canConfigure}
        emptyMessage={t('meters.section.empty-building')}
      />
      <BuildingImportRuns building={building} />
    </>
  );
}

export function BuildingDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const buildingQuery = useBuilding(id);
  const [editing, setEditing] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  const updateMutation = useMutation({
    mutationFn: ({ siteId: _siteId, ...changes }: BuildingFormValues) => updateBuilding(id, changes),
    onSuccess: async (building) => {
      queryClient.setQueryData(queryKeys.building(id), building);
      await queryClient.invalidateQueries({ queryKey: queryKeys.buildings });
      notifications.show({ color: 'green', message: t('buildings.edit.success') });
      setEditing(false);
    },
  });

  const deleteMutation = useMutation({
    mutationFn: () => deleteBuilding(id),
    onSuccess: async () => {
      const name = buildingQuery.data?.name ?? '';
      await navigate('/batiments', { replace: true });
      queryClient.removeQueries({ queryKey: queryKeys.building(id) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.buildings });
      await queryClient.invalidateQueries({ queryKey: queryKeys.sites });
      notifications.show({ color: 'green', message: t('buildings.delete.success', { name }) });
    },
  });

  const breadcrumbs = (name: string) => (
    <Breadcrumbs mb="sm" separatorMargin={6}>
      <Anchor component={Link} to="/batiments" size="sm">
        {t('app.navigation.buildings')}
      </Anchor>
      <Text size="sm" c="dimmed">
        {name}
      </Text>
    </Breadcrumbs>
  );

  if (buildingQuery.isPending) {
    return (
      <Center p="xl">
        <Loader aria-label={t('common.status.loading')} />
      </Center>
    );
  }
  if (buildingQuery.isError) {
    return (
      <>
        {breadcrumbs(t('buildings.detail.unknown'))}
        <PageHeader title={t('buildings.detail.unknown')} />
        <Stack maw={720} align="flex-start">
          <ErrorAlert error={buildingQuery.error} />
          <Button component={Link} to="/batiments" variant="default">
            {t('buildings.detail.back-button')}
          </Button>
        </Stack>
      </>
    );
  }

  const building = buildingQuery.data;
  // The caller's level on this very building decides which actions show, as the server applies the same rule.
  const canWrite = includesLevel(building.accessLevel, 'write');
  const canDelete = includesLevel(building.accessLevel, 'administer');
  return (
    <Box maw={DETAIL_MAX_WIDTH}>
      {breadcrumbs(building.name)}
      <PageHeader
        title={building.name}
        description={t('buildings.detail.subtitle', { code: building.code, site: building.siteName })}
        actions={
          <>
            {canWrite && (
              <Button
                variant="default"
                leftSection={<IconPencil size={16} aria-hidden />}
                onClick={() => {
                  updateMutation.reset();
                  setEditing(true);
                }}
              >
                {t('buildings.detail.edit-button')}
              </Button>
            )}
            {canDelete && (
              <Button
                color="red"
                variant="light"
                leftSection={<IconTrash size={16} aria-hidden />}
                onClick={() => {
                  deleteMutation.reset();
                  setConfirmingDelete(true);
                }}
              >
                {t('buildings.detail.delete-button')}
              </Button>
            )}
          </>
        }
      />

      <BuildingTabs
        building={building}
        general={
          <Stack gap="lg">
            <BuildingKeyFigures building={building} />
            <Paper withBorder p="xl">
              <Title order={2} fz={18} fw={650} mb="md">
                {t('buildings.detail.properties-title')}
              </Title>
              <BuildingProperties building={building} />
            </Paper>
            <BuildingFloorAreas building={building} />
            <BuildingSections building={building} />
          </Stack>
        }
      />

      <Modal
        opened={editing}
        onClose={() => setEditing(false)}
        title={t('buildings.edit.title')}
        size="xl"
        centered
      >
        {editing && (
          <BuildingForm
            initial={{
              ...building,
              activity: building.activity as BuildingFormValues['activity'],
              mainHeatingEnergy: building.mainHeatingEnergy as BuildingFormValues['mainHeatingEnergy'],
            }}
            submitLabel={t('common.action.save')}
            submitting={updateMutation.isPending}
            error={updateMutation.error}
            onSubmit={(values) => updateMutation.mutate(values)}
            onCancel={() => setEditing(false)}
          />
        )}
      </Modal>

      <ConfirmModal
        opened={confirmingDelete}
        title={t('buildings.delete.title')}
        message={t('buildings.delete.message', { name: building.name, code: building.code })}
        confirmLabel={t('buildings.delete.confirm-button')}
        loading={deleteMutation.isPending}
        error={deleteMutation.error}
        onConfirm={() => deleteMutation.mutate()}
        onClose={() => setConfirmingDelete(false)}
      />
    </Box>
  );
}
