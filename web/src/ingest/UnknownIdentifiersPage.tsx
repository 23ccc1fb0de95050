import {
  Anchor,
  Button,
  Center,
  Loader,
  Paper,
  Stack,
  Table,
  Tabs,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEyeOff, IconLink, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ignoreUnknownIdentifier } from '../api/endpoints';
import { queryKeys, useUnknownIdentifiers } from '../api/queries';
import {
  UNKNOWN_IDENTIFIER_STATUSES,
  type UnknownIdentifier,
  type UnknownIdentifierStatus,
} from '../api/types';
import { ConfirmModal } from '../components/ConfirmModal';
import { ErrorAlert } from '../components/ErrorAlert';
import { NoValue } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { useFormat } from '../use-format';
import { CreateRegisterModal, MapIdentifierModal } from './IdentifierModals';
import { stepLabel } from './labels';

type Action = { kind: 'map' | 'create'; identifier: UnknownIdentifier } | null;

function isIdentifierStatus(value: string | null): value is UnknownIdentifierStatus {
  return value !== null && (UNKNOWN_IDENTIFIER_STATUSES as readonly string[]).includes(value);
}

function IdentifierTable({
  status,
  onAction,
  onIgnore,
}: {
  status: UnknownIdentifierStatus;
  onAction: (action: Action) => void;
  onIgnore: (identifier: UnknownIdentifier) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const identifiers = useUnknownIdentifiers(status);

  if (identifiers.isPending) {
    return (
      <Center p="xl">
        <Loader aria-label={t('common.status.loading')} />
      </Center>
    );
  }
  if (identifiers.isError) return <ErrorAlert error={identifiers.error} />;
  if (identifiers.data.length === 0) {
    return (
      <Text p="xl" ta="center" c="dimmed">
        {t(`ingest.unknown.empty.${status}`)}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table highlightOnHover horizontalSpacing="xs">
        <Table.Thead bg="gray.0">
          <Table.Tr>
            <Table.Th>{t('ingest.unknown.column-identifier')}</Table.Th>
            <Table.Th>{t('ingest.unknown.column-measure')}</Table.Th>
            <Table.Th>{t('ingest.unknown.column-step')}</Table.Th>
            <Table.Th>{t('ingest.unknown.column-source')}</Table.Th>
            <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
              {t('ingest.unknown.column-values')}
            </Table.Th>
            <Table.Th ta="right">{t('ingest.unknown.column-files')}</Table.Th>
            <Table.Th>{t('ingest.unknown.column-last-seen')}</Table.Th>
            {status === 'mapped' ? (
              <Table.Th>{t('ingest.unknown.column-register')}</Table.Th>
            ) : (
              <Table.Th>
                <VisuallyHidden>{t('common.table.actions')}</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {identifiers.data.map((identifier) => (
            <Table.Tr key={identifier.id} data-identifier={identifier.externalId}>
              <Table.Td miw={180}>
                <Text size="sm" ff="monospace" fw={500} style={{ overflowWrap: 'anywhere' }}>
                  {identifier.externalId}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{t(`ingest.measure.${identifier.measure}`)}</Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">{stepLabel(t, identifier.stepSeconds, format.language)}</Text>
              </Table.Td>
              <Table.Td miw={140}>
                {identifier.sourceName ? <Text size="sm">{identifier.sourceName}</Text> : <NoValue />}
              </Table.Td>
              <Table.Td ta="right">{format.number(identifier.valuesSeen)}</Table.Td>
              <Table.Td ta="right">{format.number(identifier.fileCount)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Tooltip
                  label={t('ingest.unknown.first-seen', { date: format.dateTime(identifier.firstSeenAt) })}
                >
                  <Text size="sm">{format.dateTime(identifier.lastSeenAt)}</Text>
                </Tooltip>
              </Table.Td>
              {status === 'mapped' ? (
                <Table.Td>
                  {identifier.registerId ? (
                    <Anchor
                      component={Link}
                      to={`/registres/${encodeURIComponent(identifier.registerId)}`}
                      size="sm"
                    >
                      {t('ingest.unknown.register-link', { id: identifier.registerId })}
                    </Anchor>
                  ) : (
                    <NoValue />
                  )}
                </Table.Td>
              ) : (
                <Table.Td>
                  {/* Stacked so the row fits a 1440-pixel screen without scrolling sideways. */}
                  <Stack gap={4} w={215}>
                    <Button
                      size="compact-sm"
                      variant="light"
                      leftSection={<IconLink size={14} aria-hidden />}
                      onClick={() => onAction({ kind: 'map', identifier })}
                      aria-label={t('ingest.unknown.map-label', { id: identifier.externalId })}
                    >
                      {t('ingest.unknown.map-button')}
                    </Button>
                    <Button
                      size="compact-sm"
                      variant="light"
                      leftSection={<IconPlus size={14} aria-hidden />}
                      onClick={() => onAction({ kind: 'create', identifier })}
                      aria-label={t('ingest.unknown.create-label', { id: identifier.externalId })}
                    >
                      {t('ingest.unknown.create-button')}
                    </Button>
                    {status === 'pending' && (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="gray"
                        leftSection={<IconEyeOff size={14} aria-hidden />}
                        onClick={() => onIgnore(identifier)}
                        aria-label={t('ingest.unknown.ignore-label', { id: identifier.externalId })}
                      >
                        {t('ingest.unknown.ignore-button')}
                      </Button>
                    )}
                  </Stack>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * Identifiers found in imported files that no register takes: map each one to a register, create
 * one for it, or ignore it. Mapping imports the files that contained it again.
 */
export function UnknownIdentifiersPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const tabParam = searchParams.get('statut');
  const status: UnknownIdentifierStatus = isIdentifierStatus(tabParam) ? tabParam : 'pending';
  const [action, setAction] = useState<Action>(null);
  const [ignored, setIgnored] = useState<UnknownIdentifier | null>(null);

  const ignoreMutation = useMutation({
    mutationFn: (identifier: UnknownIdentifier) => ignoreUnknownIdentifier(identifier.id),
    onSuccess: async (_result, identifier) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.unknownIdentifiers });
      notifications.show({
        color: 'green',
        message: t('ingest.unknown.ignore-success', { id: identifier.externalId }),
      });
      setIgnored(null);
    },
  });

  return (
    <>
      <PageHeader title={t('ingest.unknown.title')} description={t('ingest.unknown.description')} />
      <Paper withBorder>
        <Tabs
          value={status}
          onChange={(value) => {
            if (isIdentifierStatus(value)) {
              setSearchParams(value === 'pending' ? {} : { statut: value }, { replace: true });
            }
          }}
        >
          <Tabs.List px="md" pt="sm">
            {UNKNOWN_IDENTIFIER_STATUSES.map((value) => (
              <Tabs.Tab key={value} value={value}>
                {t(`ingest.unknown.tab.${value}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {UNKNOWN_IDENTIFIER_STATUSES.map((value) => (
            <Tabs.Panel key={value} value={value}>
              {value === status && (
                <IdentifierTable
                  status={value}
                  onAction={setAction}
                  onIgnore={(identifier) => setIgnored(identifier)}
                />
              )}
            </Tabs.Panel>
          ))}
        </Tabs>
      </Paper>

      <MapIdentifierModal
        identifier={action?.kind === 'map' ? action.identifier : null}
        onClose={() => setAction(null)}
      />
      <CreateRegisterModal
        identifier={action?.kind === 'create' ? action.identifier : null}
        onClose={() => setAction(null)}
      />
      <ConfirmModal
        opened={ignored !== null}
        title={t('ingest.unknown.ignore-title')}
        message={t('ingest.unknown.ignore-message', { id: ignored?.externalId ?? '' })}
        confirmLabel={t('ingest.unknown.ignore-confirm-button')}
        loading={ignoreMutation.isPending}
        error={ignoreMutation.error}
        onConfirm={() => {
          if (ignored) {
            ignoreMutation.reset();
            ignoreMutation.mutate(ignored);
          }
        }}
        onClose={() => setIgnored(null)}
      />
    </>
  );
}
