import { Button, Group, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../api/error-messages';
import type { BuildingFields } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';

/** Same rule as the server's building code: letters, digits, dot, underscore or hyphen, 1 to 40 long. */
const CODE_PATTERN = /^[A-Za-z0-9_.-]{1,40}$/;
const MAX_NAME_LENGTH = 200;
const MAX_ADDRESS_LENGTH = 500;
const MAX_FLOOR_AREA_M2 = 10_000_000;

export interface BuildingFormValues extends BuildingFields {
  siteId: string;
}

type FieldName = 'siteId' | 'code' | 'name' | 'address' | 'floorAreaM2';

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
  initial?: BuildingFormValues;
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
  const [floorArea, setFloorArea] = useState<string | number>(initial?.floorAreaM2 ?? '');
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
    if (typeof floorArea === 'number' && (floorArea <= 0 || floorArea > MAX_FLOOR_AREA_M2)) {
      problems.floorAreaM2 = t('buildings.form.floor-area-invalid');
    }
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
      floorAreaM2: typeof floorArea === 'number' ? floorArea : null,
    });
  };

  const isFrench = i18n.language === 'fr';
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
        <Group grow align="flex-start">
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
          <NumberInput
            label={t('buildings.form.floor-area-label')}
            description={t('buildings.form.floor-area-help')}
            value={floorArea}
            onChange={(value) => {
              setFloorArea(value);
              clearError('floorAreaM2');
            }}
            min={0}
            max={MAX_FLOOR_AREA_M2}
            allowNegative={false}
            decimalScale={2}
            decimalSeparator={isFrench ? ',' : '.'}
            thousandSeparator={isFrench ? ' ' : ','}
            hideControls
            error={errorOf('floorAreaM2')}
          />
        </Group>
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
        <ErrorAlert error={error} shownFields={['siteId', 'code', 'name', 'address', 'floorAreaM2']} />
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
