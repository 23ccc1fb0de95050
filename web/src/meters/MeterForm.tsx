import { Button, Group, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ENERGIES, type Energy } from '@openfluides/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createMeter } from '../api/endpoints';
import { fieldErrors } from '../api/error-messages';
import { queryKeys } from '../api/queries';
import type { MeterKind, NewMeter } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { energyLabel, isEnergy } from '../consumption/labels';

/** Same rule as the server's meter code: letters, digits, « . », « _ », « : » or « - », 1 to 60 long. */
const METER_CODE_PATTERN = /^[A-Za-z0-9_.:-]{1,60}$/;
const MAX_NAME_LENGTH = 200;
const MAX_SERIAL_LENGTH = 100;

export interface PointChoice {
  id: string;
  identifier: string;
  energy: Energy;
  name: string;
}

export interface BuildingChoice {
  id: string;
  name: string;
}

type FieldName = 'code' | 'name' | 'kind' | 'energy' | 'deliveryPointId' | 'buildingId' | 'serialNumber';

/**
 * Creates a meter: an operator meter at one of `points`, or a sub-meter in one of `buildings`.
 * With a single choice, that point or building is taken without a select.
 */
export function MeterForm({
  points,
  buildings,
  onDone,
}: {
  points: PointChoice[];
  buildings: BuildingChoice[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<MeterKind>(points.length > 0 ? 'operator' : 'submeter');
  const [deliveryPointId, setDeliveryPointId] = useState<string | null>(
    points.length === 1 ? (points[0]?.id ?? null) : null,
  );
  const [buildingId, setBuildingId] = useState<string | null>(
    buildings.length === 1 ? (buildings[0]?.id ?? null) : null,
  );
  const [energy, setEnergy] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [serialNumber, setSerialNumber] = useState('');
  const [clientErrors, setClientErrors] = useState<Partial<Record<FieldName, string>>>({});

  const point = points.find((candidate) => candidate.id === deliveryPointId);
  // An operator meter measures its delivery point, so it takes the point's energy.
  const effectiveEnergy = kind === 'operator' ? (point?.energy ?? null) : energy;

  const mutation = useMutation({
    mutationFn: (meter: NewMeter) => createMeter(meter),
    onSuccess: async (meter) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.meters });
      notifications.show({ color: 'green', message: t('meters.create.success', { code: meter.code }) });
      onDone();
    },
  });
  const serverErrors = fieldErrors(t, mutation.error);
  const errorOf = (field: FieldName) => clientErrors[field] ?? serverErrors[field];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Partial<Record<FieldName, string>> = {};
    if (code.trim() === '') problems.code = t('common.form.required');
    else if (!METER_CODE_PATTERN.test(code.trim())) problems.code = t('meters.form.code-invalid');
    if (kind === 'operator' && !deliveryPointId) problems.deliveryPointId = t('common.form.required');
    if (kind === 'submeter' && !buildingId) problems.buildingId = t('common.form.required');
    if (!effectiveEnergy || !isEnergy(effectiveEnergy)) problems.energy = t('common.form.required');
    setClientErrors(problems);
    if (Object.keys(problems).length > 0 || !effectiveEnergy || !isEnergy(effectiveEnergy)) return;
    mutation.mutate({
      code: code.trim(),
      name: name.trim(),
      kind,
      energy: effectiveEnergy,
      deliveryPointId: kind === 'operator' ? deliveryPointId : null,
      buildingId: kind === 'submeter' ? buildingId : null,
      serialNumber: serialNumber.trim(),
    });
  };

  const kindOptions = [
    { value: 'operator', label: t('meters.kind.operator'), disabled: points.length === 0 },
    { value: 'submeter', label: t('meters.kind.submeter'), disabled: buildings.length === 0 },
  ];

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('meters.form.kind-label')}
          </Text>
          <SegmentedControl
            value={kind}
            onChange={(value) => setKind(value === 'submeter' ? 'submeter' : 'operator')}
            data={kindOptions}
            fullWidth
          />
          <Text size="xs" c="dimmed">
            {kind === 'operator' ? t('meters.form.kind-operator-help') : t('meters.form.kind-submeter-help')}
          </Text>
        </Stack>
        {kind === 'operator' ? (
          <Select
            label={t('meters.form.delivery-point-label')}
            placeholder={t('meters.form.delivery-point-placeholder')}
            data={points.map((candidate) => ({
              value: candidate.id,
              label: `${candidate.identifier} · ${energyLabel(t, candidate.energy)}${candidate.name ? ` · ${candidate.name}` : ''}`,
            }))}
            value={deliveryPointId}
            onChange={setDeliveryPointId}
            withAsterisk
            error={errorOf('deliveryPointId')}
          />
        ) : (
          <Select
            label={t('meters.form.building-label')}
            placeholder={t('meters.form.building-placeholder')}
            data={buildings.map((candidate) => ({ value: candidate.id, label: candidate.name }))}
            value={buildingId}
            onChange={setBuildingId}
            withAsterisk
            searchable
            error={errorOf('buildingId')}
          />
        )}
        <Select
          label={t('meters.form.energy-label')}
          description={kind === 'operator' ? t('meters.form.energy-from-point') : undefined}
          data={ENERGIES.map((value) => ({ value, label: t(`energy.${value}`) }))}
          value={effectiveEnergy}
          onChange={setEnergy}
          disabled={kind === 'operator'}
          withAsterisk
          error={errorOf('energy')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label={t('meters.form.code-label')}
            description={t('meters.form.code-help')}
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            maxLength={60}
            withAsterisk
            error={errorOf('code')}
          />
          <TextInput
            label={t('meters.form.serial-label')}
            description={t('common.form.optional')}
            value={serialNumber}
            onChange={(event) => setSerialNumber(event.currentTarget.value)}
            maxLength={MAX_SERIAL_LENGTH}
            error={errorOf('serialNumber')}
          />
        </SimpleGrid>
        <TextInput
          label={t('meters.form.name-label')}
          description={t('common.form.optional')}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          maxLength={MAX_NAME_LENGTH}
          error={errorOf('name')}
        />
        <ErrorAlert
          error={mutation.error}
          shownFields={['code', 'name', 'kind', 'energy', 'deliveryPointId', 'buildingId', 'serialNumber']}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.action.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('meters.create.submit-button')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
