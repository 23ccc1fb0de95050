import { Paper, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportCounts } from '../api/types';
import { useFormat } from '../use-format';

/** Order of the counts of an import, as the journal shows them. */
export const COUNT_NAMES = ['read', 'stored', 'unchanged', 'updated', 'rejected'] as const;

/** Shows the five counts of an import in tiles: read, stored, unchanged, updated and rejected. */
export function CountsGrid({ counts }: { counts: ImportCounts }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
      {COUNT_NAMES.map((name) => (
        <Paper key={name} withBorder p="sm" data-count={name}>
          <Text size="xs" c="dimmed" fw={600}>
            {t(`ingest.count.${name}`)}
          </Text>
          <Text fz={22} fw={700} c={name === 'rejected' && counts.rejected > 0 ? 'red.8' : undefined}>
            {format.number(counts[name])}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
