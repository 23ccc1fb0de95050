import { Anchor, Button, Paper, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useBuildingKeyFigures } from '../../api/queries';
import type { Building } from '../../api/types';
import { hasFeatureLevel } from '../../auth/access';
import { useSession } from '../../auth/session';
import { importRunPath } from '../../ingest/paths';
import { RunStatusBadge } from '../../ingest/StatusBadges';
import { useFormat } from '../../use-format';

/** Runs listed until the user presses « Afficher les … imports ». */
const FIRST_RUNS_SHOWN = 10;

/** Runs the API lists at most, newest first. */
const API_RUN_LIMIT = 50;

/**
 * Card « Imports de ces données »: the import runs that stored the readings and invoices behind the
 * key figures. Platform administrators get a link to each run of the import journal, whose routes
 * are theirs only, and other users see the list without links.
 */
export function BuildingImportRuns({ building }: { building: Building }) {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useSession();
  const canRead = hasFeatureLevel(me, 'consumption', 'read');
  // Same query as the key figures card, so React Query sends one request for both.
  const query = useBuildingKeyFigures(building.id, canRead);
  const [showAll, setShowAll] = useState(false);
  if (!query.data) return null;

  const runs = query.data.importRuns;
  const visibleRuns = showAll ? runs : runs.slice(0, FIRST_RUNS_SHOWN);
  const isAdmin = me.user.isAdmin;

  return (
    <Paper withBorder p="xl">
      <Title order={2} fz={18} fw={650} mb={4}>
        {t('buildings.import-runs.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('buildings.import-runs.description')}
        {isAdmin ? '' : ` ${t('buildings.import-runs.admin-only')}`}
      </Text>
      {runs.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('buildings.import-runs.empty')}
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={520}>
            <Table withTableBorder verticalSpacing={6} aria-label={t('buildings.import-runs.title')}>
              <Table.Thead bg="gray.0">
                <Table.Tr>
                  <Table.Th>{t('buildings.import-runs.column.date')}</Table.Th>
                  <Table.Th>{t('buildings.import-runs.column.file')}</Table.Th>
                  <Table.Th>{t('buildings.import-runs.column.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {visibleRuns.map((run) => {
                  const date = format.dateTime(run.startedAt);
                  return (
                    <Table.Tr key={run.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {isAdmin ? (
                          <Anchor
                            component={Link}
                            to={importRunPath(run.id)}
                            size="sm"
                            aria-label={t('buildings.import-runs.open-run', { date })}
                          >
                            {date}
                          </Anchor>
                        ) : (
                          <Text size="sm">{date}</Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" style={{ wordBreak: 'break-all' }}>
                          {run.fileName ?? t('common.value.none')}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <RunStatusBadge status={run.status} />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {runs.length > FIRST_RUNS_SHOWN && (
            <Button variant="subtle" size="xs" mt="xs" onClick={() => setShowAll((value) => !value)}>
              {showAll
                ? t('buildings.import-runs.show-fewer')
                : t('buildings.import-runs.show-all', { count: runs.length })}
            </Button>
          )}
          {runs.length >= API_RUN_LIMIT && (
            <Text size="xs" c="dimmed" mt="xs">
              {t('buildings.import-runs.limited', { count: API_RUN_LIMIT })}
            </Text>
          )}
        </>
      )}
    </Paper>
  );
}
