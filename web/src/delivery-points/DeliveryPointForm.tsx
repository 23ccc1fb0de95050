import {
  ActionIcon,
  Button,
  Divider,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { checkDeliveryPointIdentifier, ENERGIES, type Energy } from '@openfluides/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { createDeliveryPoint } from '../api/endpoints';
import { fieldErrors } from '../api/error-messages';
import { queryKeys } from '../api/queries';
import { ALLOCATION_METHODS, type AllocationMethod, type NewDeliveryPoint, type Segment } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { isEnergy } from '../consumption/labels';
import { identifierKindLabel, segmentsFor } from './labels';

const MAX_NAME_LENGTH = 200;
const MAX_OPERATOR_LENGTH = 100;
const MAX_SUPPLIER_LENGTH = 200;
const MAX_ALLOCATIONS = 50;

interface AllocationDraft {
  /** Stable React key, since rows can be removed from the middle. */
  key: number;
  buildingId: string | null;
  method: AllocationMethod;
  fraction: string | number;
}

/**
 * Removes the spaces people type inside identifiers and upper-cases « gi ». Unlike the spreadsheet
 * import, it does not restore leading zeros: a typed identifier that is too short stays invalid.
 */
function cleanIdentifier(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

function isMethod(value: string | null): value is AllocationMethod {
  return value !== null && (ALLOCATION_METHODS as readonly string[]).includes(value);
}

/**
 * Creates a delivery point allocated to one or more buildings. `buildings` lists the buildings
 * where the caller has the configure level, the only ones the server accepts.
 */
export function DeliveryPointForm({
  buildings,
  initialBuildingId,
  onDone,
}: {
  buildings: { id: string; name: string }[];
  initialBuildingId: string;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [energy, setEnergy] = useState<Energy>('electricity');
  const [identifier, setIdentifier] = useState('');
  const [name, setName] = useState('');
  const [networkOperator, setNetworkOperator] = useState('');
  const [segment, setSegment] = useState<string | null>(null);
  const [supplier, setSupplier] = useState('');
  const [allocations, setAllocations] = useState<AllocationDraft[]>([
    { key: 0, buildingId: initialBuildingId, method: 'fixed', fraction: 100 },
  ]);
  const [nextKey, setNextKey] = useState(1);
  const [clientErrors, setClientErrors] = useState<Record<string, string | undefined>>({});

  const mutation = useMutation({
    mutationFn: (point: NewDeliveryPoint) => createDeliveryPoint(point),
    onSuccess: async (point) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.deliveryPoints });
      notifications.show({
        color: 'green',
        message: t('delivery-points.create.success', { identifier: point.identifier }),
      });
      onDone();
      await navigate(`/points-de-livraison/${point.id}`);
    },
  });
  const serverErrors = fieldErrors(t, mutation.error);
  const errorOf = (field: string) => clientErrors[field] ?? serverErrors[field];

  const updateAllocation = (key: number, changes: Partial<AllocationDraft>) =>
    setAllocations((previous) =>
      previous.map((allocation) => (allocation.key === key ? { ...allocation, ...changes } : allocation)),
    );

  const validate = (): Record<string, string> => {
    const problems: Record<string, string> = {};
    const identifierProblem = checkDeliveryPointIdentifier(energy, cleanIdentifier(identifier));
    if (identifierProblem) problems.identifier = t(`delivery-points.form.identifier-${identifierProblem}`);
    const seen = new Set<string>();
    allocations.forEach((allocation, index) => {
      if (!allocation.buildingId) problems[`allocations.${index}.buildingId`] = t('common.form.required');
      else if (seen.has(allocation.buildingId))
        problems[`allocations.${index}.buildingId`] = t('delivery-points.form.building-twice');
      else seen.add(allocation.buildingId);
      if (
        allocation.method === 'fixed' &&
        (typeof allocation.fraction !== 'number' || allocation.fraction <= 0 || allocation.fraction > 100)
      ) {
        problems[`allocations.${index}.fractionPercent`] = t('delivery-points.form.fraction-invalid');
      }
    });
    return problems;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = validate();
    setClientErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const segmentValue =
      segment && (segmentsFor(energy) as readonly string[]).includes(segment) ? segment : null;
    mutation.mutate({
      identifier: cleanIdentifier(identifier),
      energy,
      name: name.trim(),
      networkOperator: networkOperator.trim(),
      segment: segmentValue as Segment | null,
      supplier: supplier.trim(),
      allocations: allocations.map((allocation) => ({
        buildingId: allocation.buildingId ?? '',
        method: allocation.method,
        fractionPercent:
          allocation.method === 'fixed' && typeof allocation.fraction === 'number'
            ? allocation.fraction
            : null,
      })),
    });
  };

  const buildingOptions = buildings.map((building) => ({ value: building.id, label: building.name }));
  const identifierHelp =
    energy === 'electricity'
      ? t('delivery-points.form.identifier-help-prm')
      : energy === 'gas'
        ? t('delivery-points.form.identifier-help-pce')
        : t('delivery-points.form.identifier-help-other');
  const allocationFields = allocations.flatMap((_, index) => [
    `allocations.${index}.buildingId`,
    `allocations.${index}.method`,
    `allocations.${index}.fractionPercent`,
  ]);

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label={t('delivery-points.form.energy-label')}
            data={ENERGIES.map((value) => ({ value, label: t(`energy.${value}`) }))}
            value={energy}
            allowDeselect={false}
            onChange={(value) => {
              if (value && isEnergy(value)) setEnergy(value);
              setClientErrors((previous) => ({ ...previous, identifier: undefined }));
            }}
            withAsterisk
            error={errorOf('energy')}
          />
          <TextInput
            label={identifierKindLabel(t, energy)}
            description={identifierHelp}
            value={identifier}
            onChange={(event) => {
              setIdentifier(event.currentTarget.value);
              setClientErrors((previous) => ({ ...previous, identifier: undefined }));
            }}
            maxLength={40}
            withAsterisk
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            error={errorOf('identifier')}
          />
        </SimpleGrid>
        <TextInput
          label={t('delivery-points.form.name-label')}
          description={t('common.form.optional')}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          maxLength={MAX_NAME_LENGTH}
          error={errorOf('name')}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <TextInput
            label={t('delivery-points.form.operator-label')}
            placeholder={
              energy === 'gas'
                ? t('delivery-points.form.operator-placeholder-gas')
                : t('delivery-points.form.operator-placeholder-electricity')
            }
            value={networkOperator}
            onChange={(event) => setNetworkOperator(event.currentTarget.value)}
            maxLength={MAX_OPERATOR_LENGTH}
            error={errorOf('networkOperator')}
          />
          <Select
            label={t('delivery-points.form.segment-label')}
            placeholder={t('buildings.form.not-specified')}
            data={segmentsFor(energy).map((value) => ({ value, label: value }))}
            value={segment && (segmentsFor(energy) as readonly string[]).includes(segment) ? segment : null}
            onChange={setSegment}
            clearable
            error={errorOf('segment')}
          />
          <TextInput
            label={t('delivery-points.form.supplier-label')}
            value={supplier}
            onChange={(event) => setSupplier(event.currentTarget.value)}
            maxLength={MAX_SUPPLIER_LENGTH}
            error={errorOf('supplier')}
          />
        </SimpleGrid>

        <Divider label={t('delivery-points.form.allocations-legend')} labelPosition="left" />
        <Text size="xs" c="dimmed" mt={-8}>
          {t('delivery-points.form.allocations-help')}
        </Text>
        {allocations.map((allocation, index) => (
          <Group key={allocation.key} align="flex-start" gap="sm" wrap="nowrap">
            <Select
              label={t('delivery-points.form.building-label')}
              data={buildingOptions}
              value={allocation.buildingId}
              onChange={(value) => updateAllocation(allocation.key, { buildingId: value })}
              searchable
              withAsterisk
              nothingFoundMessage={t('common.form.nothing-found')}
              error={errorOf(`allocations.${index}.buildingId`)}
              style={{ flex: 2 }}
            />
            <Select
              label={t('delivery-points.form.method-label')}
              data={ALLOCATION_METHODS.map((value) => ({
                value,
                label: t(`delivery-points.method.${value}`),
              }))}
              value={allocation.method}
              allowDeselect={false}
              onChange={(value) => {
                if (isMethod(value)) updateAllocation(allocation.key, { method: value });
              }}
              error={errorOf(`allocations.${index}.method`)}
              style={{ flex: 1.4 }}
            />
            <NumberInput
              label={t('delivery-points.form.fraction-label')}
              value={allocation.method === 'fixed' ? allocation.fraction : ''}
              onChange={(value) => updateAllocation(allocation.key, { fraction: value })}
              disabled={allocation.method !== 'fixed'}
              min={0}
              max={100}
              decimalScale={2}
              decimalSeparator={i18n.language === 'fr' ? ',' : '.'}
              suffix=" %"
              hideControls
              error={errorOf(`allocations.${index}.fractionPercent`)}
              style={{ flex: 1 }}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              mt={26}
              size="lg"
              disabled={allocations.length === 1}
              aria-label={t('delivery-points.form.remove-allocation')}
              onClick={() =>
                setAllocations((previous) => previous.filter((row) => row.key !== allocation.key))
              }
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            disabled={allocations.length >= MAX_ALLOCATIONS}
            onClick={() => {
              setAllocations((previous) => [
                ...previous,
                { key: nextKey, buildingId: null, method: 'fixed', fraction: '' },
              ]);
              setNextKey((key) => key + 1);
            }}
          >
            {t('delivery-points.form.add-allocation')}
          </Button>
        </Group>

        <ErrorAlert
          error={mutation.error}
          shownFields={[
            'identifier',
            'energy',
            'name',
            'networkOperator',
            'segment',
            'supplier',
            ...allocationFields,
          ]}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.action.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('delivery-points.create.submit-button')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
