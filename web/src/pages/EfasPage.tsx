import {
  ActionIcon,
  Anchor,
  Button,
  Center,
  Group,
  Loader,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { createEfa } from '../api/endpoints';
import { fieldErrors } from '../api/error-messages';
import { queryKeys, useBuildingList, useEfas } from '../api/queries';
import type { NewEfa } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { efaPath } from '../performance/paths';
import { useFormat } from '../use-format';

/** Same rule as the server: letters, digits, « . », « _ » or « - », 40 characters at most. */
const CODE_PATTERN = /^[A-Za-z0-9_.-]{1,40}$/;
const MAX_NAME_LENGTH = 200;
const MAX_OPERAT_ID_LENGTH = 100;
/** Reference years that the server accepts. */
const MIN_REFERENCE_YEAR = 2010;
const MAX_REFERENCE_YEAR = 2030;
/** Largest page that `GET /api/buildings` returns. */
const MAX_BUILDINGS = 500;

type FieldName = 'code' | 'name' | 'operatId' | 'referenceYear' | 'buildings';

interface BuildingRow {
  buildingId: string | null;
  sharePercent: string | number;
}

function EfaForm({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const buildings = useBuildingList({ limit: MAX_BUILDINGS, offset: 0 });
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [operatId, setOperatId] = useState('');
  const [referenceYear, setReferenceYear] = useState<string | number>('');
  const [rows, setRows] = useState<BuildingRow[]>([{ buildingId: null, sharePercent: 100 }]);
  const [clientErrors, setClientErrors] = useState<Partial<Record<FieldName, string>>>({});

  const mutation = useMutation({
    mutationFn: (efa: NewEfa) => createEfa(efa),
    onSuccess: async (_result, efa) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.efas });
      notifications.show({ color: 'green', message: t('efas.create.success', { name: efa.name }) });
      onClose();
    },
  });
  const serverErrors = fieldErrors(t, mutation.error);
  const errorOf = (field: FieldName) => clientErrors[field] ?? serverErrors[field];
  const buildingOptions = (buildings.data?.items ?? []).map((building) => ({
    value: building.id,
    label: t('efas.form.building-option', { code: building.code, name: building.name }),
  }));
  const updateRow = (index: number, change: Partial<BuildingRow>) =>
    setRows((previous) =>
      previous.map((row, position) => (position === index ? { ...row, ...change } : row)),
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Partial<Record<FieldName, string>> = {};
    if (!CODE_PATTERN.test(code.trim())) problems.code = t('efas.form.code-invalid');
    if (name.trim() === '') problems.name = t('common.form.required');
    if (
      referenceYear !== '' &&
      (typeof referenceYear !== 'number' ||
        !Number.isInteger(referenceYear) ||
        referenceYear < MIN_REFERENCE_YEAR ||
        referenceYear > MAX_REFERENCE_YEAR)
    )
      problems.referenceYear = t('efas.form.reference-year-invalid', {
        min: MIN_REFERENCE_YEAR,
        max: MAX_REFERENCE_YEAR,
      });
    const chosen = rows.filter((row) => row.buildingId !== null);
    const ids = chosen.map((row) => row.buildingId);
    if (chosen.length === 0) problems.buildings = t('efas.form.buildings-required');
    else if (new Set(ids).size !== ids.length) problems.buildings = t('efas.form.buildings-duplicate');
    else if (
      chosen.some(
        (row) => typeof row.sharePercent !== 'number' || row.sharePercent <= 0 || row.sharePercent > 100,
      )
    )
      problems.buildings = t('efas.form.share-invalid');
    setClientErrors(problems);
    if (Object.keys(problems).length > 0) return;
    mutation.mutate({
      code: code.trim(),
      name: name.trim(),
      operatId: operatId.trim() === '' ? null : operatId.trim(),
      referenceYear: typeof referenceYear === 'number' ? referenceYear : null,
      buildings: chosen.map((row) => ({
        buildingId: row.buildingId as string,
        sharePercent: row.sharePercent as number,
      })),
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label={t('efas.form.code-label')}
            description={t('efas.form.code-help')}
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            maxLength={40}
            withAsterisk
            error={errorOf('code')}
            data-autofocus
          />
          <TextInput
            label={t('efas.form.name-label')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            maxLength={MAX_NAME_LENGTH}
            withAsterisk
            error={errorOf('name')}
          />
          <TextInput
            label={t('efas.form.operat-id-label')}
            description={t('efas.form.operat-id-help')}
            value={operatId}
            onChange={(event) => setOperatId(event.currentTarget.value)}
            maxLength={MAX_OPERAT_ID_LENGTH}
            error={errorOf('operatId')}
          />
          <NumberInput
            label={t('efas.form.reference-year-label')}
            description={t('efas.form.reference-year-help', {
              min: MIN_REFERENCE_YEAR,
              max: MAX_REFERENCE_YEAR,
            })}
            value={referenceYear}
            onChange={setReferenceYear}
            min={MIN_REFERENCE_YEAR}
            max={MAX_REFERENCE_YEAR}
            allowDecimal={false}
            thousandSeparator=""
            error={errorOf('referenceYear')}
          />
        </SimpleGrid>
        <Stack gap="xs">
          <Text size="sm" fw={500}>
            {t('efas.form.buildings-label')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('efas.form.buildings-help')}
          </Text>
          {rows.map((row, index) => (
            // Rows have no identity of their own before saving, so their position is their key.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <Group key={index} gap="sm" align="flex-end" wrap="nowrap">
              <Select
                style={{ flex: 1 }}
                aria-label={t('efas.form.building-label', { position: index + 1 })}
                placeholder={t('efas.form.building-placeholder')}
                data={buildingOptions}
                value={row.buildingId}
                onChange={(value) => updateRow(index, { buildingId: value })}
                searchable
                nothingFoundMessage={t('common.form.nothing-found')}
              />
              <NumberInput
                w={130}
                aria-label={t('efas.form.share-label', { position: index + 1 })}
                value={row.sharePercent}
                onChange={(value) => updateRow(index, { sharePercent: value })}
                min={0}
                max={100}
                decimalScale={2}
                decimalSeparator={i18n.language === 'fr' ? ',' : '.'}
                suffix=" %"
                hideControls
              />
              <Tooltip label={t('efas.form.remove-building')}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="lg"
                  disabled={rows.length === 1}
                  aria-label={t('efas.form.remove-building')}
                  onClick={() =>
                    setRows((previous) => previous.filter((_row, position) => position !== index))
                  }
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
            </Group>
          ))}
          {errorOf('buildings') && (
            <Text size="sm" c="red" role="alert">
              {errorOf('buildings')}
            </Text>
          )}
          <Group>
            <Button
              variant="subtle"
              size="compact-sm"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={() => setRows((previous) => [...previous, { buildingId: null, sharePercent: 100 }])}
            >
              {t('efas.form.add-building')}
            </Button>
          </Group>
        </Stack>
        <ErrorAlert error={buildings.error} />
        <ErrorAlert
          error={mutation.error}
          shownFields={['code', 'name', 'operatId', 'referenceYear', 'buildings']}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.action.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('efas.create.submit-button')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** OPERAT functional entities that hold buildings in the caller's scope; administrators may create one. */
export function EfasPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useSession();
  const efas = useEfas();
  const [creating, setCreating] = useState(false);

  return (
    <>
      <PageHeader
        title={t('efas.list.title')}
        description={t('efas.list.description')}
        actions={
          me.user.isAdmin && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
              {t('efas.create.button')}
            </Button>
          )
        }
      />
      <Paper withBorder>
        <ErrorAlert error={efas.error} />
        {efas.isPending ? (
          <Center p="xl">
            <Loader aria-label={t('common.status.loading')} />
          </Center>
        ) : efas.data?.length === 0 ? (
          <Text p="xl" ta="center" c="dimmed">
            {t('efas.list.empty')}
          </Text>
        ) : (
          efas.data && (
            <Table.ScrollContainer minWidth={800}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('efas.column.code')}</Table.Th>
                    <Table.Th>{t('efas.column.name')}</Table.Th>
                    <Table.Th>{t('efas.column.operat-id')}</Table.Th>
                    <Table.Th ta="right">{t('efas.column.reference-year')}</Table.Th>
                    <Table.Th>{t('efas.column.buildings')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {efas.data.map((efa) => (
                    <Table.Tr key={efa.id} style={{ verticalAlign: 'top' }}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm" ff="monospace">
                          {efa.code}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={efaPath(efa.id)} size="sm" fw={500}>
                          {efa.name}
                        </Anchor>
                        <Anchor component={Link} to={efaPath(efa.id)} size="xs" display="block">
                          {t('performance.trajectory.list-link')}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Text
                          size="sm"
                          ff={efa.operatId ? 'monospace' : undefined}
                          c={efa.operatId ? undefined : 'dimmed'}
                        >
                          {efa.operatId ?? t('common.value.none')}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm" c={efa.referenceYear === null ? 'dimmed' : undefined}>
                          {efa.referenceYear === null ? t('common.value.none') : String(efa.referenceYear)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={2}>
                          {efa.buildings.map((building) => (
                            <Group key={building.buildingId} gap="xs" wrap="nowrap">
                              <Anchor component={Link} to={`/batiments/${building.buildingId}`} size="sm">
                                {building.buildingName}
                              </Anchor>
                              <Text size="sm" c="dimmed">
                                {t('common.unit.percent', { value: format.number(building.sharePercent, 2) })}
                              </Text>
                            </Group>
                          ))}
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        )}
      </Paper>
      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        title={t('efas.create.title')}
        size="xl"
        centered
      >
        {creating && <EfaForm onClose={() => setCreating(false)} />}
      </Modal>
    </>
  );
}
