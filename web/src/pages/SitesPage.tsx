import { Anchor, Button, Center, Loader, Modal, Paper, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { createSite } from '../api/endpoints';
import { queryKeys, useSites } from '../api/queries';
import type { SiteFields } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { SiteForm } from '../sites/SiteForm';
import { useFormat } from '../use-format';

function CreateSiteModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (fields: SiteFields) => createSite(fields),
    onSuccess: async ({ id }, fields) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.sites });
      notifications.show({ color: 'green', message: t('sites.create.success', { name: fields.name }) });
      onClose();
      await navigate(`/sites/${id}`);
    },
  });
  const close = () => {
    mutation.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('sites.create.title')} size="lg" centered>
      {opened && (
        <SiteForm
          submitLabel={t('sites.create.submit-button')}
          submitting={mutation.isPending}
          error={mutation.error}
          // Creation sends every field, so the partial type is complete here.
          onSubmit={(fields) => mutation.mutate(fields as SiteFields)}
          onCancel={close}
        />
      )}
    </Modal>
  );
}

/** Sites holding buildings in the caller's scope; administrators may create one. */
export function SitesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useSession();
  const sites = useSites();
  const [creating, setCreating] = useState(false);

  return (
    <>
      <PageHeader
        title={t('sites.list.title')}
        description={t('sites.list.description')}
        actions={
          me.user.isAdmin && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
              {t('sites.create.button')}
            </Button>
          )
        }
      />
      <Paper withBorder>
        <ErrorAlert error={sites.error} />
        {sites.isPending ? (
          <Center p="xl">
            <Loader aria-label={t('common.status.loading')} />
          </Center>
        ) : sites.data?.length === 0 ? (
          <Text p="xl" ta="center" c="dimmed">
            {t('sites.list.empty')}
          </Text>
        ) : (
          sites.data && (
            <Table.ScrollContainer minWidth={640}>
              <Table highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('sites.column.code')}</Table.Th>
                    <Table.Th>{t('sites.column.name')}</Table.Th>
                    <Table.Th>{t('sites.column.city')}</Table.Th>
                    <Table.Th ta="right">{t('sites.column.buildings')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {sites.data.map((site) => (
                    <Table.Tr key={site.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm" ff="monospace">
                          {site.code}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/sites/${site.id}`} fw={500} size="sm">
                          {site.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c={site.city ? undefined : 'dimmed'}>
                          {site.city ?? t('common.value.none')}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">{format.number(site.buildingCount)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        )}
      </Paper>
      <CreateSiteModal opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}
