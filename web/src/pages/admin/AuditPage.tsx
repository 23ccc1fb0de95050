import {
  Badge,
  Button,
  Center,
  Code,
  Group,
  Loader,
  Pagination,
  Paper,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAudit } from '../../api/queries';
import type { AuditEntry } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useFormat } from '../../use-format';
import { AUDIT_ENTITY_TYPES, auditActionLabel, auditEntityLabel } from './audit-labels';

const PAGE_SIZE = 50;
const COLUMN_COUNT = 6;

/** Colour of an action's badge: red for security events, orange for deletions, grey otherwise. */
function actionColor(action: string): string {
  if (action === 'auth.login-failed' || action === 'auth.account-locked') return 'red';
  if (action.endsWith('.deleted')) return 'orange';
  if (action.endsWith('.created')) return 'green';
  if (action.startsWith('auth.')) return 'gray';
  return 'blue';
}

function hasDetails(details: unknown): boolean {
  if (details === null || details === undefined) return false;
  if (typeof details === 'object') return Object.keys(details).length > 0;
  return true;
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [expanded, setExpanded] = useState(false);
  const detailsId = `audit-details-${entry.id}`;
  const withDetails = hasDetails(entry.details);

  return (
    <>
      <Table.Tr>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>
          <Text size="sm">{format.dateTime(entry.occurredAt, true)}</Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm" c={entry.userEmail ? undefined : 'dimmed'}>
            {entry.userEmail ?? t('common.value.none')}
          </Text>
        </Table.Td>
        <Table.Td>
          <Badge color={actionColor(entry.action)} variant="light" tt="none" radius="sm">
            {auditActionLabel(t, entry.action)}
          </Badge>
        </Table.Td>
        <Table.Td>
          <Text size="sm">
            {auditEntityLabel(t, entry.entityType)}
            {entry.entityId && (
              <Text span size="xs" c="dimmed" ml={6} ff="monospace">
                {t('admin.audit.entity-id', { id: entry.entityId })}
              </Text>
            )}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm" ff="monospace" c={entry.ip ? undefined : 'dimmed'}>
            {entry.ip ?? t('common.value.none')}
          </Text>
        </Table.Td>
        <Table.Td>
          {withDetails ? (
            <Button
              variant="subtle"
              size="compact-sm"
              color="gray"
              leftSection={
                expanded ? (
                  <IconChevronDown size={14} aria-hidden />
                ) : (
                  <IconChevronRight size={14} aria-hidden />
                )
              }
              aria-expanded={expanded}
              aria-controls={detailsId}
              onClick={() => setExpanded((value) => !value)}
            >
              {expanded ? t('admin.audit.details-hide') : t('admin.audit.details-show')}
            </Button>
          ) : (
            <Text size="sm" c="dimmed">
              {t('common.value.none')}
            </Text>
          )}
        </Table.Td>
      </Table.Tr>
      {withDetails && expanded && (
        <Table.Tr id={detailsId} bg="gray.0">
          <Table.Td colSpan={COLUMN_COUNT}>
            <Code block className="json-details">
              {JSON.stringify(entry.details, null, 2)}
            </Code>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [entityType, setEntityType] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const audit = useAudit({
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
    entityType: entityType ?? undefined,
  });
  const total = audit.data?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <>
      <PageHeader title={t('admin.audit.title')} description={t('admin.audit.description')} />
      <Paper withBorder>
        <Group p="md" align="flex-end" wrap="wrap">
          <Select
            label={t('admin.audit.entity-filter-label')}
            placeholder={t('admin.audit.entity-filter-all')}
            data={AUDIT_ENTITY_TYPES.map((value) => ({ value, label: auditEntityLabel(t, value) }))}
            value={entityType}
            onChange={(value) => {
              setEntityType(value);
              setPage(1);
            }}
            clearable
            w={260}
          />
          <Text size="sm" c="dimmed" ml="auto" aria-live="polite">
            {audit.data && t('admin.audit.total', { count: total, formatted: format.number(total) })}
          </Text>
        </Group>
        <ErrorAlert error={audit.error} />
        {audit.isPending ? (
          <Center p="xl">
            <Loader aria-label={t('common.status.loading')} />
          </Center>
        ) : audit.data?.items.length === 0 ? (
          <Text p="xl" ta="center" c="dimmed">
            {t('admin.audit.empty')}
          </Text>
        ) : (
          audit.data && (
            <Table.ScrollContainer minWidth={960}>
              <Table style={{ opacity: audit.isPlaceholderData ? 0.6 : 1 }}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('admin.audit.column-date')}</Table.Th>
                    <Table.Th>{t('admin.audit.column-user')}</Table.Th>
                    <Table.Th>{t('admin.audit.column-action')}</Table.Th>
                    <Table.Th>{t('admin.audit.column-entity')}</Table.Th>
                    <Table.Th>{t('admin.audit.column-ip')}</Table.Th>
                    <Table.Th>{t('admin.audit.column-details')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {audit.data.items.map((entry) => (
                    <AuditRow key={entry.id} entry={entry} />
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
                setPage(next);
                window.scrollTo({ top: 0 });
              }}
              getControlProps={(control) => ({ 'aria-label': t(`common.pagination.${control}`) })}
            />
          </Stack>
        )}
      </Paper>
    </>
  );
}
