import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportRunStatus, IngestSource } from '../api/types';
import { RUN_STATUS_COLORS, SOURCE_STATUS_COLORS, sourceStatusHelp } from './labels';

/** Health of a source as a coloured badge, with a sentence that explains it in the tooltip. */
export function SourceStatusBadge({ source, now }: { source: IngestSource; now: Date }) {
  const { t } = useTranslation();
  const help = sourceStatusHelp(t, source, now);
  return (
    <Tooltip label={help} multiline maw={320} withArrow>
      <Badge
        color={SOURCE_STATUS_COLORS[source.status]}
        variant="light"
        tt="none"
        aria-label={help}
        styles={{ label: { overflow: 'visible' } }}
      >
        {t(`ingest.source-status.${source.status}`)}
      </Badge>
    </Tooltip>
  );
}

/** Status of an import run: réussi, partiel, échoué, en cours or interrompu. */
export function RunStatusBadge({ status, size = 'md' }: { status: ImportRunStatus; size?: 'md' | 'lg' }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={RUN_STATUS_COLORS[status]}
      variant="light"
      tt="none"
      size={size}
      styles={{ label: { overflow: 'visible' } }}
    >
      {t(`ingest.run-status.${status}`)}
    </Badge>
  );
}
