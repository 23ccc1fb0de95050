import {
  ActionIcon,
  Alert,
  Button,
  Center,
  Group,
  Loader,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ALL_FEATURES } from '@openfluides/core';
import { IconInfoCircle, IconPlus, IconTrash, IconUser, IconUsersGroup } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteGrant } from '../../api/endpoints';
import { queryKeys, useGrants } from '../../api/queries';
import type { Grant } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LevelBadge } from '../../components/LevelBadge';
import { PageHeader } from '../../components/PageHeader';
import { useFormat } from '../../use-format';
import { GrantForm } from './GrantForm';

/** Returns the name of the group or user that a grant is for. */
function beneficiaryName(grant: Grant): string {
  return grant.groupName ?? grant.userEmail ?? '';
}

function Beneficiary({ grant }: { grant: Grant }) {
  const { t } = useTranslation();
  const isGroup = grant.groupId !== null;
  return (
    <Group gap={8} wrap="nowrap">
      {isGroup ? (
        <IconUsersGroup size={18} aria-hidden color="var(--mantine-color-energy-7)" />
      ) : (
        <IconUser size={18} aria-hidden color="var(--mantine-color-blue-7)" />
      )}
      <Stack gap={0}>
        <Text size="sm" fw={500}>
          {beneficiaryName(grant)}
        </Text>
        <Text size="xs" c="dimmed">
          {isGroup ? t('admin.grants.beneficiary-group') : t('admin.grants.beneficiary-user')}
        </Text>
      </Stack>
    </Group>
  );
}

function GeographicScope({ grant }: { grant: Grant }) {
  const { t } = useTranslation();
  if (grant.buildingName !== null) {
    return <Text size="sm">{t('admin.grants.scope-building', { name: grant.buildingName })}</Text>;
  }
  if (grant.siteName !== null) {
    return <Text size="sm">{t('admin.grants.scope-site', { name: grant.siteName })}</Text>;
  }
  return (
    <Text size="sm" fw={500}>
      {t('admin.grants.scope-whole-estate')}
    </Text>
  );
}

function FeatureList({ grant }: { grant: Grant }) {
  const { t } = useTranslation();
  if (grant.features.includes(ALL_FEATURES)) {
    return (
      <Text size="sm" fw={500}>
        {t('access.feature.all')}
      </Text>
    );
  }
  const names = grant.features.flatMap((feature) =>
    feature === ALL_FEATURES ? [] : [t(`access.feature.${feature}`)],
  );
  return <Text size="sm">{names.join(', ')}</Text>;
}

export function GrantsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const grants = useGrants();
  const [creating, setCreating] = useState(false);
  const [revokedGrant, setRevokedGrant] = useState<Grant | null>(null);

  const revokeMutation = useMutation({
    mutationFn: (grant: Grant) => deleteGrant(grant.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.grants });
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
      notifications.show({ color: 'green', message: t('admin.grants.revoke-success') });
      setRevokedGrant(null);
    },
  });

  return (
    <>
      <PageHeader
        title={t('admin.grants.title')}
        description={t('admin.grants.description')}
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            {t('admin.grants.create-button')}
          </Button>
        }
      />
      <Stack gap="lg">
        <Alert color="blue" variant="light" icon={<IconInfoCircle size={20} aria-hidden />}>
          {t('admin.grants.scope-rule')}
        </Alert>
        <Paper withBorder>
          <ErrorAlert error={grants.error} />
          {grants.isPending ? (
            <Center p="xl">
              <Loader aria-label={t('common.status.loading')} />
            </Center>
          ) : grants.data?.length === 0 ? (
            <Text p="xl" ta="center" c="dimmed">
              {t('admin.grants.empty')}
            </Text>
          ) : (
            grants.data && (
              <Table.ScrollContainer minWidth={980}>
                <Table highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('admin.grants.column-beneficiary')}</Table.Th>
                      <Table.Th>{t('admin.grants.column-level')}</Table.Th>
                      <Table.Th>{t('admin.grants.column-geographic')}</Table.Th>
                      <Table.Th>{t('admin.grants.column-functional')}</Table.Th>
                      <Table.Th>{t('admin.grants.column-features')}</Table.Th>
                      <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('admin.grants.column-created')}</Table.Th>
                      <Table.Th w={60}>
                        <VisuallyHidden>{t('common.table.actions')}</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {grants.data.map((grant) => (
                      <Table.Tr key={grant.id}>
                        <Table.Td>
                          <Beneficiary grant={grant} />
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <LevelBadge level={grant.level} />
                        </Table.Td>
                        <Table.Td>
                          <GeographicScope grant={grant} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" fw={grant.unitName === null ? 500 : undefined}>
                            {grant.unitName ?? t('admin.grants.scope-all-units')}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <FeatureList grant={grant} />
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <Text size="sm">{format.date(grant.createdAt)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Tooltip label={t('admin.grants.revoke-button')}>
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={t('admin.grants.revoke-label', { name: beneficiaryName(grant) })}
                              onClick={() => {
                                revokeMutation.reset();
                                setRevokedGrant(grant);
                              }}
                            >
                              <IconTrash size={18} aria-hidden />
                            </ActionIcon>
                          </Tooltip>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          )}
        </Paper>
      </Stack>

      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        title={t('admin.grants.create-title')}
        size="lg"
        centered
      >
        {creating && <GrantForm onClose={() => setCreating(false)} />}
      </Modal>

      <ConfirmModal
        opened={revokedGrant !== null}
        title={t('admin.grants.revoke-title')}
        message={t('admin.grants.revoke-message', {
          name: revokedGrant ? beneficiaryName(revokedGrant) : '',
          level: revokedGrant ? t(`access.level.${revokedGrant.level}`) : '',
        })}
        confirmLabel={t('admin.grants.revoke-confirm-button')}
        loading={revokeMutation.isPending}
        error={revokeMutation.error}
        onConfirm={() => {
          if (revokedGrant) revokeMutation.mutate(revokedGrant);
        }}
        onClose={() => setRevokedGrant(null)}
      />
    </>
  );
}
