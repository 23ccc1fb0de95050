import { Button, Group, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../api/error-messages';
import type { SiteFields } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';

/** Same rule as the server: letters, digits, « . », « _ » or « - », 40 characters at most. */
const CODE_PATTERN = /^[A-Za-z0-9_.-]{1,40}$/;
const MAX_NAME_LENGTH = 200;
const MAX_ADDRESS_LENGTH = 500;

type FieldName = keyof SiteFields;

const FIELD_NAMES: FieldName[] = ['code', 'name', 'city', 'address', 'latitude', 'longitude'];

function emptyToNull(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * Creates or edits a site. `GET /api/sites` returns no address nor coordinates, so when editing
 * those fields start empty and are sent only when the administrator fills them in.
 */
export function SiteForm({
  initial,
  submitLabel,
  submitting,
  error,
  onSubmit,
  onCancel,
}: {
  /** Known values of the site being edited, or undefined to create one. */
  initial?: { code: string; name: string; city: string | null };
  submitLabel: string;
  submitting: boolean;
  error: unknown;
  onSubmit: (fields: Partial<SiteFields>) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const isEdit = initial !== undefined;
  const [code, setCode] = useState(initial?.code ?? '');
  const [name, setName] = useState(initial?.name ?? '');
  const [city, setCity] = useState(initial?.city ?? '');
  const [address, setAddress] = useState('');
  const [latitude, setLatitude] = useState<string | number>('');
  const [longitude, setLongitude] = useState<string | number>('');
  const [clientErrors, setClientErrors] = useState<Partial<Record<FieldName, string>>>({});
  const serverErrors = fieldErrors(t, error);
  const errorOf = (field: FieldName) => clientErrors[field] ?? serverErrors[field];
  const decimalSeparator = i18n.language === 'fr' ? ',' : '.';
  const keepHelp = isEdit ? t('sites.form.keep-current-help') : t('common.form.optional');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Partial<Record<FieldName, string>> = {};
    if (!CODE_PATTERN.test(code.trim())) problems.code = t('sites.form.code-invalid');
    if (name.trim() === '') problems.name = t('common.form.required');
    if (latitude !== '' && (typeof latitude !== 'number' || latitude < -90 || latitude > 90))
      problems.latitude = t('sites.form.latitude-invalid');
    if (longitude !== '' && (typeof longitude !== 'number' || longitude < -180 || longitude > 180))
      problems.longitude = t('sites.form.longitude-invalid');
    setClientErrors(problems);
    if (Object.keys(problems).length > 0) return;

    const fields: Partial<SiteFields> = {
      code: code.trim(),
      name: name.trim(),
      city: emptyToNull(city),
    };
    const addressValue = emptyToNull(address);
    const latitudeValue = typeof latitude === 'number' ? latitude : null;
    const longitudeValue = typeof longitude === 'number' ? longitude : null;
    // When editing, an empty field keeps the stored value instead of erasing it.
    if (!isEdit || addressValue !== null) fields.address = addressValue;
    if (!isEdit || latitudeValue !== null) fields.latitude = latitudeValue;
    if (!isEdit || longitudeValue !== null) fields.longitude = longitudeValue;
    onSubmit(fields);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label={t('sites.form.code-label')}
            description={t('sites.form.code-help')}
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            maxLength={40}
            withAsterisk
            error={errorOf('code')}
            data-autofocus
          />
          <TextInput
            label={t('sites.form.name-label')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            maxLength={MAX_NAME_LENGTH}
            withAsterisk
            error={errorOf('name')}
          />
          <TextInput
            label={t('sites.form.city-label')}
            description={t('common.form.optional')}
            value={city}
            onChange={(event) => setCity(event.currentTarget.value)}
            maxLength={MAX_NAME_LENGTH}
            error={errorOf('city')}
          />
          <TextInput
            label={t('sites.form.address-label')}
            description={keepHelp}
            value={address}
            onChange={(event) => setAddress(event.currentTarget.value)}
            maxLength={MAX_ADDRESS_LENGTH}
            error={errorOf('address')}
          />
          <NumberInput
            label={t('sites.form.latitude-label')}
            description={keepHelp}
            value={latitude}
            onChange={setLatitude}
            min={-90}
            max={90}
            decimalScale={6}
            decimalSeparator={decimalSeparator}
            hideControls
            error={errorOf('latitude')}
          />
          <NumberInput
            label={t('sites.form.longitude-label')}
            description={keepHelp}
            value={longitude}
            onChange={setLongitude}
            min={-180}
            max={180}
            decimalScale={6}
            decimalSeparator={decimalSeparator}
            hideControls
            error={errorOf('longitude')}
          />
        </SimpleGrid>
        <ErrorAlert error={error} shownFields={FIELD_NAMES} />
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
