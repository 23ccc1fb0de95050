import {
  Button,
  Divider,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../api/error-messages';
import {
  ACTIVITIES,
  type Activity,
  BUILDING_STATUSES,
  type BuildingFields,
  type BuildingStatus,
  HEATING_ENERGIES,
  type HeatingEnergy,
} from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { isLocalDate } from '../dates';

/** Same rule as the server's building code: letters, digits, dot, underscore or hyphen, 1 to 40 long. */
const CODE_PATTERN = /^[A-Za-z0-9_.-]{1,40}$/;
const MAX_NAME_LENGTH = 200;
const MAX_ADDRESS_LENGTH = 500;
const MAX_NOTES_LENGTH = 5000;
const MAX_AREA_M2 = 10_000_000;
const MIN_CONSTRUCTION_YEAR = 1000;
const MAX_CONSTRUCTION_YEAR = 2200;

export interface BuildingFormValues extends BuildingFields {
  siteId: string;
}

type FieldName = keyof BuildingFormValues;

const AREA_FIELDS = ['floorAreaM2', 'usefulAreaM2', 'heatedAreaM2'] as const;

function isActivity(value: string | null): value is Activity {
  return value !== null && (ACTIVITIES as readonly string[]).includes(value);
}

function isHeatingEnergy(value: string | null): value is HeatingEnergy {
  return value !== null && (HEATING_ENERGIES as readonly string[]).includes(value);
}

function isStatus(value: string | null): value is BuildingStatus {
  return value !== null && (BUILDING_STATUSES as readonly string[]).includes(value);
}

const numberOrNull = (value: string | number): number | null => (typeof value === 'number' ? value : null);

/**
 * Fields of a building, used to create one (with the site select) or to change one. The site of an
 * existing building cannot change, because the API does not accept it in a change.
 */
export function BuildingForm({
  initial,
  siteOptions,
  submitLabel,
  submitting,
  error,
  onSubmit,
  onCancel,
}: {
  initial?: Partial<BuildingFormValues>;
  /** Sites to choose from. Without them the form has no site field. */
  siteOptions?: { value: string; label: string }[];
  submitLabel: string;
  submitting: boolean;
  error: unknown;
  onSubmit: (values: BuildingFormValues) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [siteId, setSiteId] = useState<string | null>(initial?.siteId ?? null);
  const [code, setCode] = useState(initial?.code ?? '');
  const [name, setName] = useState(initial?.name ?? '');
  const [address, setAddress] = useState(initial?.address ?? '');
  const [areas, setAreas] = useState<Record<(typeof AREA_FIELDS)[number], string | number>>({
    floorAreaM2: initial?.floorAreaM2 ?? '',
    usefulAreaM2: initial?.usefulAreaM2 ?? '',
    heatedAreaM2: initial?.heatedAreaM2 ?? '',
  });
  const [latitude, setLatitude] = useState<string | number>(initial?.latitude ?? '');
  const [longitude, setLongitude] = useState<string | number>(initial?.longitude ?? '');
  const [constructionYear, setConstructionYear] = useState<string | number>(initial?.constructionYear ?? '');
  const [activity, setActivity] = useState<string | null>(initial?.activity ?? null);
  const [mainHeatingEnergy, setMainHeatingEnergy] = useState<string | null>(
    initial?.mainHeatingEnergy ?? null,
  );
  const [status, setStatus] = useState<BuildingStatus>(initial?.status ?? 'active');
  const [activeFrom, setActiveFrom] = useState(initial?.activeFrom ?? '');
  const [activeTo, setActiveTo] = useState(initial?.activeTo ?? '');
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const [clientErrors, setClientErrors] = useState<Partial<Record<FieldName, string>>>({});
  // A field's own problem disappears as soon as the user changes it.
  const clearError = (field: FieldName) =>
    setClientErrors((previous) => ({ ...previous, [field]: undefined }));

  const serverErrors = fieldErrors(t, error);
  const errorOf = (field: FieldName) => clientErrors[field] ?? serverErrors[field];

  const validate = (): Partial<Record<FieldName, string>> => {
    const problems: Partial<Record<FieldName, string>> = {};
    if (siteOptions && !siteId) problems.siteId = t('common.form.required');
    if (code.trim() === '') problems.code = t('common.form.required');
    else if (!CODE_PATTERN.test(code.trim())) problems.code = t('buildings.form.code-invalid');
    if (name.trim() === '') problems.name = t('common.form.required');
    else if (name.trim().length > MAX_NAME_LENGTH)
      problems.name = t('common.form.too-long', { max: MAX_NAME_LENGTH });
    if (address.trim().length > MAX_ADDRESS_LENGTH)
      problems.address = t('common.form.too-long', { max: MAX_ADDRESS_LENGTH });

    for (const field of AREA_FIELDS) {
      const area = areas[field];
      if (typeof area === 'number' && (area <= 0 || area > MAX_AREA_M2)) {
        problems[field] = t('buildings.form.area-invalid');
      }
    }

    if (typeof latitude === 'number' && (latitude < -90 || latitude > 90))
      problems.latitude = t('buildings.form.latitude-invalid');
    if (typeof longitude === 'number' && (longitude < -180 || longitude > 180))
      problems.longitude = t('buildings.form.longitude-invalid');
    if (
      typeof constructionYear === 'number' &&
      (!Number.isInteger(constructionYear) ||
        constructionYear < MIN_CONSTRUCTION_YEAR ||
        constructionYear > MAX_CONSTRUCTION_YEAR)
    ) {
      problems.constructionYear = t('buildings.form.year-invalid', {
        min: MIN_CONSTRUCTION_YEAR,
        max: MAX_CONSTRUCTION_YEAR,
      });
    }

    if (activeFrom !== '' && !isLocalDate(activeFrom)) problems.activeFrom = t('common.form.date-invalid');
    if (activeTo !== '' && !isLocalDate(activeTo)) problems.activeTo = t('common.form.date-invalid');
    else if (activeFrom !== '' && activeTo !== '' && activeTo < activeFrom)
      problems.activeTo = t('buildings.form.active-to-before-from');
    if (notes.length > MAX_NOTES_LENGTH)
      problems.notes = t('common.form.too-long', { max: MAX_NOTES_LENGTH });
    return problems;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = validate();
    setClientErrors(problems);
    if (Object.keys(problems).length > 0) return;
    onSubmit({
      siteId: siteId ?? initial?.siteId ?? '',
      code: code.trim(),
      name: name.trim(),
      address: address.trim() === '' ? null : address.trim(),
      floorAreaM2: numberOrNull(areas.floorAreaM2),
      usefulAreaM2: numberOrNull(areas.usefulAreaM2),
      heatedAreaM2: numberOrNull(areas.heatedAreaM2),
      latitude: numberOrNull(latitude),
      longitude: numberOrNull(longitude),
      constructionYear: numberOrNull(constructionYear),
      activity: isActivity(activity) ? activity : null,
      mainHeatingEnergy: isHeatingEnergy(mainHeatingEnergy) ? mainHeatingEnergy : null,
      status,
      activeFrom: activeFrom === '' ? null : activeFrom,
      activeTo: activeTo === '' ? null : activeTo,
      notes: notes.trim(),
    });
  };

  const isFrench = i18n.language === 'fr';
  const numberFormat = {
    decimalSeparator: isFrench ? ',' : '.',
    thousandSeparator: isFrench ? ' ' : ',',
    hideControls: true,
  };
  const areaLabels: Record<(typeof AREA_FIELDS)[number], string> = {
    floorAreaM2: t('buildings.form.floor-area-label'),
    usefulAreaM2: t('buildings.form.useful-area-label'),
    heatedAreaM2: t('buildings.form.heated-area-label'),
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {siteOptions && (
          <Select
            label={t('buildings.form.site-label')}
            placeholder={t('buildings.form.site-placeholder')}
            data={siteOptions}
            value={siteId}
            onChange={(value) => {
              setSiteId(value);
              clearError('siteId');
            }}
            searchable
            withAsterisk
            error={errorOf('siteId')}
            nothingFoundMessage={t('common.form.nothing-found')}
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label={t('buildings.form.code-label')}
            description={t('buildings.form.code-help')}
            value={code}
            onChange={(event) => {
              setCode(event.currentTarget.value);
              clearError('code');
            }}
            withAsterisk
            maxLength={40}
            error={errorOf('code')}
          />
          <TextInput
            label={t('buildings.form.name-label')}
            value={name}
            onChange={(event) => {
              setName(event.currentTarget.value);
              clearError('name');
            }}
            withAsterisk
            maxLength={MAX_NAME_LENGTH}
            error={errorOf('name')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <Select
            label={t('buildings.form.status-label')}
            data={BUILDING_STATUSES.map((value) => ({ value, label: t(`buildings.status.${value}`) }))}
            value={status}
            allowDeselect={false}
            onChange={(value) => {
              if (isStatus(value)) setStatus(value);
            }}
            error={errorOf('status')}
          />
          <Select
            label={t('buildings.form.activity-label')}
            placeholder={t('buildings.form.not-specified')}
            data={ACTIVITIES.map((value) => ({ value, label: t(`buildings.activity.${value}`) }))}
            value={activity}
            onChange={(value) => {
              setActivity(value);
              clearError('activity');
            }}
            clearable
            error={errorOf('activity')}
          />
          <Select
            label={t('buildings.form.heating-label')}
            placeholder={t('buildings.form.not-specified')}
            data={HEATING_ENERGIES.map((value) => ({ value, label: t(`energy.${value}`) }))}
            value={mainHeatingEnergy}
            onChange={(value) => {
              setMainHeatingEnergy(value);
              clearError('mainHeatingEnergy');
            }}
            clearable
            error={errorOf('mainHeatingEnergy')}
          />
        </SimpleGrid>
        <Divider label={t('buildings.form.areas-legend')} labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          {AREA_FIELDS.map((field) => (
            <NumberInput
              key={field}
              label={areaLabels[field]}
              value={areas[field]}
              onChange={(value) => {
                setAreas((previous) => ({ ...previous, [field]: value }));
                clearError(field);
              }}
              min={0}
              max={MAX_AREA_M2}
              allowNegative={false}
              decimalScale={2}
              {...numberFormat}
              error={errorOf(field)}
            />
          ))}
        </SimpleGrid>
        <Divider label={t('buildings.form.location-legend')} labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <NumberInput
            label={t('buildings.form.latitude-label')}
            value={latitude}
            onChange={(value) => {
              setLatitude(value);
              clearError('latitude');
            }}
            min={-90}
            max={90}
            decimalScale={6}
            {...numberFormat}
            thousandSeparator=""
            error={errorOf('latitude')}
          />
          <NumberInput
            label={t('buildings.form.longitude-label')}
            value={longitude}
            onChange={(value) => {
              setLongitude(value);
              clearError('longitude');
            }}
            min={-180}
            max={180}
            decimalScale={6}
            {...numberFormat}
            thousandSeparator=""
            error={errorOf('longitude')}
          />
          <NumberInput
            label={t('buildings.form.year-label')}
            value={constructionYear}
            onChange={(value) => {
              setConstructionYear(value);
              clearError('constructionYear');
            }}
            min={MIN_CONSTRUCTION_YEAR}
            max={MAX_CONSTRUCTION_YEAR}
            allowDecimal={false}
            allowNegative={false}
            hideControls
            error={errorOf('constructionYear')}
          />
        </SimpleGrid>
        <Textarea
          label={t('buildings.form.address-label')}
          value={address}
          onChange={(event) => {
            setAddress(event.currentTarget.value);
            clearError('address');
          }}
          autosize
          minRows={2}
          maxLength={MAX_ADDRESS_LENGTH}
          error={errorOf('address')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            type="date"
            label={t('buildings.form.active-from-label')}
            value={activeFrom}
            onChange={(event) => {
              setActiveFrom(event.currentTarget.value);
              clearError('activeFrom');
            }}
            error={errorOf('activeFrom')}
          />
          <TextInput
            type="date"
            label={t('buildings.form.active-to-label')}
            value={activeTo}
            onChange={(event) => {
              setActiveTo(event.currentTarget.value);
              clearError('activeTo');
            }}
            error={errorOf('activeTo')}
          />
        </SimpleGrid>
        <Textarea
          label={t('buildings.form.notes-label')}
          value={notes}
          onChange={(event) => {
            setNotes(event.currentTarget.value);
            clearError('notes');
          }}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={MAX_NOTES_LENGTH}
          error={errorOf('notes')}
        />
        <ErrorAlert
          error={error}
          shownFields={[
            'siteId',
            'code',
            'name',
            'address',
            ...AREA_FIELDS,
            'latitude',
            'longitude',
            'constructionYear',
            'activity',
            'mainHeatingEnergy',
            'status',
            'activeFrom',
            'activeTo',
            'notes',
          ]}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.action.cancel')}
          </Button>
          <Button type="submit" loading={submitting}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
