import {
  ActionIcon,
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
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChartBar, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { deleteUserIndicator } from '../api/endpoints';
import { queryKeys, useUserIndicators } from '../api/queries';
import type { UserIndicator } from '../api/types';
import { ConfirmModal } from '../components/ConfirmModal';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { useFormat } from '../use-format';
import { formatFigure } from './figures';
import { IndicatorEvaluationPanel } from './IndicatorEvaluationPanel';
import { IndicatorForm } from './IndicatorForm';

/** Search parameter naming the indicator whose evaluation panel is open. */
const SELECTED_PARAM = 'indicateur';

function TargetText({ indicator }: { indicator: UserIndicator }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (indicator.targetValue === null) {
    return (
      <Text size="sm" c="dimmed">
        {t('common.value.none')}
      </Text>
    );
  }
  const value = `${formatFigure(indicator.targetValue, format.language)}${indicator.unitLabel ? `\u00a0${indicator.unitLabel}` : ''}`;
  return (
    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
      {t(`performance.user-indicators.target-${indicator.targetDirection}`, { value })}
    </Text>
  );
}

/**
 * Shows the « Indicateurs personnalisés » page: the indicators users defined with a formula, shared by
 * everyone, with a form to create or change them and an evaluation panel per indicator.
 */
export function UserIndicatorsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const indicators = useUserIndicators();
  const [searchParams, setSearchParams] = useSearchParams();
  const selectedId = searchParams.get(SELECTED_PARAM);
  const selected = indicators.data?.find((indicator) => indicator.id === selectedId) ?? null;
  const [editing, setEditing] = useState<UserIndicator | 'new' | null>(null);
  const [deleting, setDeleting] = useState<UserIndicator | null>(null);

  const select = (id: string | null) => {
    const next = new URLSearchParams(searchParams);
    if (id === null) next.delete(SELECTED_PARAM);
    else next.set(SELECTED_PARAM, id);
    setSearchParams(next, { replace: true });
  };

  const deleteMutation = useMutation({
    mutationFn: (indicator: UserIndicator) => deleteUserIndicator(indicator.id),
    onSuccess: async (_result, indicator) => {
      if (selectedId === indicator.id) select(null);
      await queryClient.invalidateQueries({ queryKey: queryKeys.userIndicators });
      notifications.show({
        color: 'green',
        message: t('performance.user-indicators.deleted', { name: indicator.name }),
      });
      setDeleting(null);
    },
  });

  return (
    <>
      <PageHeader
        title={t('performance.user-indicators.title')}
        description={t('performance.user-indicators.description')}
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
            {t('performance.user-indicators.create-button')}
          </Button>
        }
      />
      <Stack gap="lg">
        <Paper withBorder>
          <ErrorAlert error={indicators.error} />
          {indicators.isPending ? (
            <Center p="xl">
              <Loader aria-label={t('common.status.loading')} />
            </Center>
          ) : indicators.data?.length === 0 ? (
            <Text p="xl" ta="center" c="dimmed">
              {t('performance.user-indicators.empty')}
            </Text>
          ) : (
            indicators.data && (
              <Table.ScrollContainer minWidth={900}>
                <Table verticalSpacing="sm" highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('performance.user-indicators.column-name')}</Table.Th>
                      <Table.Th>{t('performance.user-indicators.column-formula')}</Table.Th>
                      <Table.Th>{t('performance.user-indicators.column-target')}</Table.Th>
                      <Table.Th>{t('performance.user-indicators.column-author')}</Table.Th>
                      <Table.Th ta="right">{t('common.table.actions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {indicators.data.map((indicator) => (
                      <Table.Tr
                        key={indicator.id}
                        bg={indicator.id === selectedId ? 'energy.0' : undefined}
                        style={{ verticalAlign: 'top' }}
                      >
                        <Table.Td maw={280}>
                          <Text size="sm" fw={600}>
                            {indicator.name}
                          </Text>
                          {indicator.description && (
                            <Text size="xs" c="dimmed" lineClamp={2}>
                              {indicator.description}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td maw={360}>
                          <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                            {indicator.formula}
                          </Text>
                          {indicator.unitLabel && (
                            <Text size="xs" c="dimmed">
                              {t('performance.user-indicators.unit-value', { unit: indicator.unitLabel })}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <TargetText indicator={indicator} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{indicator.createdByName ?? t('common.value.none')}</Text>
                          <Text size="xs" c="dimmed">
                            {t('performance.user-indicators.updated-at', {
                              date: format.date(indicator.updatedAt),
                            })}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4} justify="flex-end" wrap="nowrap">
                            <Button
                              size="compact-sm"
                              variant={indicator.id === selectedId ? 'filled' : 'light'}
                              leftSection={<IconChartBar size={14} aria-hidden />}
                              onClick={() => select(indicator.id === selectedId ? null : indicator.id)}
                              aria-label={t('performance.user-indicators.evaluate-named', {
                                name: indicator.name,
                              })}
                            >
                              {t('performance.user-indicators.evaluate')}
                            </Button>
                            {indicator.canEdit && (
                              <>
                                <Tooltip label={t('performance.user-indicators.edit')}>
                                  <ActionIcon
                                    variant="subtle"
                                    size="lg"
                                    aria-label={t('performance.user-indicators.edit-named', {
                                      name: indicator.name,
                                    })}
                                    onClick={() => setEditing(indicator)}
                                  >
                                    <IconPencil size={16} aria-hidden />
                                  </ActionIcon>
                                </Tooltip>
                                <Tooltip label={t('performance.user-indicators.delete')}>
                                  <ActionIcon
                                    variant="subtle"
                                    color="red"
                                    size="lg"
                                    aria-label={t('performance.user-indicators.delete-named', {
                                      name: indicator.name,
                                    })}
                                    onClick={() => {
                                      deleteMutation.reset();
                                      setDeleting(indicator);
                                    }}
                                  >
                                    <IconTrash size={16} aria-hidden />
                                  </ActionIcon>
                                </Tooltip>
                              </>
                            )}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          )}
        </Paper>
        {selected && <IndicatorEvaluationPanel key={selected.id} indicator={selected} />}
      </Stack>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={
          editing === 'new'
            ? t('performance.user-indicators.create-title')
            : t('performance.user-indicators.edit-title')
        }
        size="xl"
        centered
      >
        {editing !== null && (
          <IndicatorForm
            indicator={editing === 'new' ? null : editing}
            onSaved={(saved) => {
              setEditing(null);
              select(saved.id);
            }}
            onCancel={() => setEditing(null)}
          />
        )}
      </Modal>
      <ConfirmModal
        opened={deleting !== null}
        title={t('performance.user-indicators.delete-title')}
        message={t('performance.user-indicators.delete-message', { name: deleting?.name ?? '' })}
        confirmLabel={t('performance.user-indicators.delete-confirm')}
        loading={deleteMutation.isPending}
        error={deleteMutation.error}
        onConfirm={() => deleting && deleteMutation.mutate(deleting)}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
