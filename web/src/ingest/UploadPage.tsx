import { Button, FileInput, Group, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFile, IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadIngestFile } from '../api/endpoints';
import { queryKeys, useIngestFormats, useIngestSources } from '../api/queries';
import { AUTO_FORMAT } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { useFormat } from '../use-format';
import { formatLabel, RUN_STATUS_COLORS } from './labels';
import { OutcomeView } from './OutcomeView';

/** Largest file the upload route accepts: 100 MB. Larger files go through an SFTP or folder source. */
const MAX_FILE_BYTES = 100 * 1024 * 1024;

/** Format choice that sends no format, so the server applies the source's one (or `auto` without a source). */
const DEFAULT_FORMAT_CHOICE = 'default';

/** Format query value of an upload: none with a source, so the server applies the source's format. */
function formatToSend(formatChoice: string, sourceId: string | null): string | undefined {
  if (formatChoice !== DEFAULT_FORMAT_CHOICE) return formatChoice;
  if (sourceId !== null) return undefined;
  return AUTO_FORMAT;
}

/**
 * Imports one file dropped by hand: a meter, weather or operator file. The file goes as the raw
 * request body, with an optional source whose format and mapping apply, and an optional format.
 */
export function UploadPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const formats = useIngestFormats();
  const sources = useIngestSources();
  const [file, setFile] = useState<File | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [sourceId, setSourceId] = useState<string | null>(null);
  const [formatChoice, setFormatChoice] = useState<string>(DEFAULT_FORMAT_CHOICE);

  const upload = useMutation({
    mutationFn: (selected: File) =>
      uploadIngestFile(selected, {
        sourceId: sourceId ?? undefined,
        format: formatToSend(formatChoice, sourceId),
      }),
    onSuccess: async (outcome) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.importRuns });
      await queryClient.invalidateQueries({ queryKey: queryKeys.unknownIdentifiers });
      await queryClient.invalidateQueries({ queryKey: queryKeys.ingestSources });
      if (!outcome.duplicate) {
        notifications.show({
          color: RUN_STATUS_COLORS[outcome.status],
          message: t('ingest.upload.done', {
            status: t(`ingest.run-status.${outcome.status}`),
            stored: format.number(outcome.counts.stored),
            rejected: format.number(outcome.counts.rejected),
          }),
        });
      }
    },
  });

  const source = sources.data?.find((candidate) => candidate.id === sourceId) ?? null;
  const formatOptions = [
    {
      value: DEFAULT_FORMAT_CHOICE,
      label: source
        ? t('ingest.upload.format-of-source', { format: formatLabel(t, source.format, formats.data) })
        : t('ingest.auto-format'),
    },
    ...(source ? [{ value: AUTO_FORMAT, label: t('ingest.auto-format') }] : []),
    ...(formats.data ?? []).map((candidate) => ({
      value: candidate.format,
      label:
        candidate.needsMapping && !source
          ? t('ingest.upload.needs-source', { label: candidate.label })
          : candidate.label,
      // A format read through a column mapping needs the mapping of a source.
      disabled: candidate.needsMapping && !source,
    })),
  ];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setFileProblem(t('ingest.upload.file-required'));
      return;
    }
    if (file.size === 0) {
      setFileProblem(t('ingest.upload.file-empty'));
      return;
    }
    if (file.size > MAX_FILE_BYTES) {
      setFileProblem(t('ingest.upload.file-too-large', { size: format.number(file.size / 1024 / 1024, 1) }));
      return;
    }
    setFileProblem(null);
    upload.mutate(file);
  };

  return (
    <>
      <PageHeader title={t('ingest.upload.title')} description={t('ingest.upload.description')} />
      <Stack gap="lg" maw={1240}>
        <Paper withBorder p="xl">
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <FileInput
                label={t('ingest.upload.file-label')}
                description={t('ingest.upload.file-help')}
                placeholder={t('ingest.upload.file-placeholder')}
                value={file}
                onChange={(selected) => {
                  setFile(selected);
                  setFileProblem(null);
                  upload.reset();
                }}
                clearable
                leftSection={<IconFile size={16} aria-hidden />}
                error={fileProblem}
                maw={560}
                withAsterisk
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" maw={1000}>
                <Select
                  label={t('ingest.upload.source-label')}
                  description={t('ingest.upload.source-help')}
                  placeholder={t('ingest.upload.source-placeholder')}
                  data={(sources.data ?? []).map((candidate) => ({
                    value: candidate.id,
                    label: candidate.name,
                  }))}
                  value={sourceId}
                  onChange={(value) => {
                    setSourceId(value);
                    // A format that needs a mapping cannot stay chosen without a source.
                    const chosen = formats.data?.find((candidate) => candidate.format === formatChoice);
                    if (value === null && chosen?.needsMapping) setFormatChoice(DEFAULT_FORMAT_CHOICE);
                    upload.reset();
                  }}
                  clearable
                  searchable
                  nothingFoundMessage={t('common.form.nothing-found')}
                />
                <Select
                  label={t('ingest.upload.format-label')}
                  description={t('ingest.upload.format-help')}
                  data={formatOptions}
                  value={formatChoice}
                  onChange={(value) => {
                    setFormatChoice(value ?? DEFAULT_FORMAT_CHOICE);
                    upload.reset();
                  }}
                  allowDeselect={false}
                  searchable
                  nothingFoundMessage={t('common.form.nothing-found')}
                />
              </SimpleGrid>
              <Group>
                <Button
                  type="submit"
                  leftSection={<IconUpload size={16} aria-hidden />}
                  loading={upload.isPending}
                >
                  {t('ingest.upload.submit-button')}
                </Button>
                {upload.isPending && (
                  <Text size="sm" c="dimmed">
                    {t('ingest.upload.pending')}
                  </Text>
                )}
              </Group>
              <ErrorAlert error={upload.error} />
            </Stack>
          </form>
        </Paper>

        {upload.data && (
          <Paper withBorder p="xl">
            <Title order={2} fz={18} fw={650} mb="md">
              {t('ingest.upload.result-title', { name: upload.variables?.name ?? '' })}
            </Title>
            <OutcomeView outcome={upload.data} />
          </Paper>
        )}
      </Stack>
    </>
  );
}
