import {
  Anchor,
  Badge,
  Box,
  Breadcrumbs,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { deleteBuilding, updateBuilding } from '../api/endpoints';
import { queryKeys, useBuilding } from '../api/queries';
import type { Building } from '../api/types';
import { hasFeatureLevel } from '../auth/access';
import { useSession } from '../auth/session';
import { ConfirmModal } from '../components/ConfirmModal';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { useFormat } from '../use-format';
import { BuildingForm, type BuildingFormValues } from './BuildingForm';

/** Width of the building page, so the header buttons line up with the card below. */
const DETAIL_MAX_WIDTH = 1040;

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.03em' }}>
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

function BuildingFields({ building }: { building: Building }) {
  const { t } = useTranslation();
  const format = useFormat();
  const none = (
    <Text size="sm" c="dimmed">
      {t('common.value.none')}
    </Text>
  );
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="lg">
      <Field label={t('buildings.detail.code')}>
        <Text size="sm" ff="monospace">
          {building.code}
        </Text>
      </Field>
      <Field label={t('buildings.detail.name')}>
        <Text size="sm">{building.name}</Text>
      </Field>
      <Field label={t('buildings.detail.site')}>
        <Anchor component={Link} to={`/batiments?siteId=${encodeURIComponent(building.siteId)}`} size="sm">
          {building.siteName}
        </Anchor>
      </Field>
      <Field label={t('buildings.detail.floor-area')}>
        {building.floorAreaM2 === null ? none : <Text size="sm">{format.area(building.floorAreaM2)}</Text>}
      </Field>
      <Field label={t('buildings.detail.address')}>
        {building.address ? (
          <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
            {building.address}
          </Text>
        ) : (
          none
        )}
      </Field>
      <Field label={t('buildings.detail.units')}>
        {building.unitNames.length === 0 ? (
          none
        ) : (
          <Group gap={6}>
            {building.unitNames.map((unitName) => (
              <Badge key={unitName} variant="light" color="gray" tt="none" radius="sm">
                {unitName}
              </Badge>
            ))}
          </Group>
        )}
      </Field>
    </SimpleGrid>
  );
}

export function BuildingDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const buildingQuery = useBuilding(id);
  const [editing, setEditing] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  // The user's highest estate level decides which buttons show, but the server checks this building's scope.
  const canWrite = hasFeatureLevel(me, 'estate', 'write');
  const canDelete = hasFeatureLevel(me, 'estate', 'administer');

  const updateMutation = useMutation({
    mutationFn: (values: BuildingFormValues) =>
      updateBuilding(id, {
        code: values.code,
        name: values.name,
        address: values.address,
        floorAreaM2: values.floorAreaM2,
      }),
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
  return (
    <Box maw={DETAIL_MAX_WIDTH}>
      {breadcrumbs(building.name)}
      <PageHeader
        title={building.name}
        description={t('buildings.detail.subtitle', { code: building.code, site: building.siteName })}
        actions={
          !editing && (
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
          )
        }
      />

      <Paper withBorder p="xl">
        {editing ? (
          <Stack>
            <Title order={2} fz={17} fw={650}>
              {t('buildings.edit.title')}
            </Title>
            <BuildingForm
              initial={{ ...building }}
              submitLabel={t('common.action.save')}
              submitting={updateMutation.isPending}
              error={updateMutation.error}
              onSubmit={(values) => updateMutation.mutate(values)}
              onCancel={() => setEditing(false)}
            />
          </Stack>
        ) : (
          <BuildingFields building={building} />
        )}
      </Paper>

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
