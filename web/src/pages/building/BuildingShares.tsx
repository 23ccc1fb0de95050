import {
  Button,
  Center,
  Group,
  Loader,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createBuildingShare } from '../../api/endpoints';
import { fieldErrors } from '../../api/error-messages';
import { queryKeys, useBuildingShares, useScopeOptions, useUnits } from '../../api/queries';
import type { Building, NewBuildingShare } from '../../api/types';
import { includesLevel } from '../../auth/access';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { isLocalDate, todayInParis } from '../../dates';
import { useFormat } from '../../use-format';

type FieldName = keyof NewBuildingShare;

/**
 * Units offered in the form: those sharing a building in the caller's scope and, for
 * administrators, every unit of the platform.
 */
function useUnitOptions(isAdmin: boolean) {
  const units = useUnits();
  const options = useScopeOptions(isAdmin);
  return useMemo(() => {
    const names = new Map<string, string>();
    for (const unit of units.data ?? []) names.set(unit.id, unit.name);
    for (const unit of options.data?.units ?? []) names.set(unit.id, unit.name);
    return [...names.entries()]
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => a.label.localeCompare(b.label, 'fr'));
  }, [units.data, options.data]);
}

function ShareForm({ buildingId, onDone }: { buildingId: string; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const queryClient = useQueryClient();
  const unitOptions = useUnitOptions(me.user.isAdmin);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [sharePercent, setSharePercent] = useState<string | number>('');
  const [validFrom, setValidFrom] = useState(todayInParis());
  const [validTo, setValidTo] = useState('');
  const [clientErrors, setClientErrors] = useState<Partial<Record<FieldName, string>>>({});

  const mutation = useMutation({
    mutationFn: (share: NewBuildingShare) => createBuildingShare(buildingId, share),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.shares(buildingId) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.buildings });
      await queryClient.invalidateQueries({ queryKey: queryKeys.units });
      notifications.show({ color: 'green', message: t('buildings.shares.success') });
      onDone();
    },
  });
  const serverErrors = fieldErrors(t, mutation.error);
  const errorOf = (field: FieldName) => clientErrors[field] ?? serverErrors[field];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Partial<Record<FieldName, string>> = {};
    if (unitId === null) problems.unitId = t('common.form.required');
    if (typeof sharePercent !== 'number' || sharePercent <= 0 || sharePercent > 100)
      problems.sharePercent = t('buildings.shares.percent-invalid');
    if (!isLocalDate(validFrom)) problems.validFrom = t('common.form.date-invalid');
    if (validTo !== '' && !isLocalDate(validTo)) problems.validTo = t('common.form.date-invalid');
    else if (validTo !== '' && validTo < validFrom) problems.validTo = t('buildings.shares.dates-order');
    setClientErrors(problems);
    if (Object.keys(problems).length > 0 || unitId === null || typeof sharePercent !== 'number') return;
    mutation.mutate({ unitId, sharePercent, validFrom, validTo: validTo === '' ? null : validTo });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
          <Select
            label={t('buildings.shares.unit-label')}
            data={unitOptions}
            value={unitId}
            onChange={setUnitId}
            searchable
            nothingFoundMessage={t('common.form.nothing-found')}
            withAsterisk
            error={errorOf('unitId')}
          />
          <NumberInput
            label={t('buildings.shares.percent-label')}
            description={t('buildings.shares.percent-help')}
            value={sharePercent}
            onChange={setSharePercent}
            min={0}
            max={100}
            decimalScale={2}
            decimalSeparator={i18n.language === 'fr' ? ',' : '.'}
            suffix=" %"
            hideControls
            withAsterisk
            error={errorOf('sharePercent')}
          />
          <TextInput
            type="date"
            label={t('buildings.shares.valid-from-label')}
            description={t('buildings.shares.valid-from-help')}
            value={validFrom}
            onChange={(event) => setValidFrom(event.currentTarget.value)}
            withAsterisk
            error={errorOf('validFrom')}
          />
          <TextInput
            type="date"
            label={t('buildings.shares.valid-to-label')}
            description={t('buildings.shares.valid-to-help')}
            value={validTo}
            onChange={(event) => setValidTo(event.currentTarget.value)}
            error={errorOf('validTo')}
          />
        </SimpleGrid>
        <ErrorAlert error={mutation.error} shownFields={['unitId', 'sharePercent', 'validFrom', 'validTo']} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.action.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('buildings.shares.submit-button')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Card of the building page listing the building's dated shares between functional units. */
export function BuildingShares({ building }: { building: Building }) {
  const { t } = useTranslation();
  const format = useFormat();
  const shares = useBuildingShares(building.id);
  const [adding, setAdding] = useState(false);
  const canConfigure = includesLevel(building.accessLevel, 'configure');

  return (
    <Paper withBorder p="xl">
      <Group justify="space-between" align="flex-start" mb="md" wrap="wrap">
        <Stack gap={4}>
          <Title order={2} fz={18} fw={650}>
            {t('buildings.shares.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('buildings.shares.description')}
          </Text>
        </Stack>
        {canConfigure && !adding && (
          <Button
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setAdding(true)}
          >
            {t('buildings.shares.add-button')}
          </Button>
        )}
      </Group>
      <Stack gap="md">
        {adding && (
          <Paper withBorder p="md" bg="gray.0">
            <ShareForm buildingId={building.id} onDone={() => setAdding(false)} />
          </Paper>
        )}
        <ErrorAlert error={shares.error} />
        {shares.isPending ? (
          <Center p="md">
            <Loader aria-label={t('common.status.loading')} />
          </Center>
        ) : shares.data?.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('buildings.shares.empty')}
          </Text>
        ) : (
          shares.data && (
            <Table.ScrollContainer minWidth={560}>
              <Table withTableBorder verticalSpacing="xs">
                <Table.Thead bg="gray.0">
                  <Table.Tr>
                    <Table.Th>{t('buildings.shares.column-unit')}</Table.Th>
                    <Table.Th ta="right">{t('buildings.shares.column-percent')}</Table.Th>
                    <Table.Th>{t('buildings.shares.column-from')}</Table.Th>
                    <Table.Th>{t('buildings.shares.column-to')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shares.data.map((share) => (
                    <Table.Tr key={share.id}>
                      <Table.Td>
                        <Text size="sm">{share.unitName}</Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        {t('common.unit.percent', { value: format.number(share.sharePercent, 2) })}
                      </Table.Td>
                      <Table.Td>{format.localDate(share.validFrom)}</Table.Td>
                      <Table.Td>
                        <Text size="sm" c={share.validTo ? undefined : 'dimmed'}>
                          {share.validTo ? format.localDate(share.validTo) : t('buildings.shares.open-ended')}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        )}
      </Stack>
    </Paper>
  );
}
