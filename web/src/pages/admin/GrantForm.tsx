import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  Input,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ACCESS_LEVELS, type AccessLevel, ALL_FEATURES, FEATURES, type Feature } from '@openfluides/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createGrant } from '../../api/endpoints';
import { fieldErrors } from '../../api/error-messages';
import { queryKeys, useGroups, useScopeOptions, useUsers } from '../../api/queries';
import type { GrantInput } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormat } from '../../use-format';

type BeneficiaryKind = 'group' | 'user';
type GeographicKind = 'estate' | 'site' | 'building';
type FunctionalKind = 'all' | 'unit';
type FormField = 'beneficiary' | 'site' | 'building' | 'unit' | 'features';

function isAccessLevel(value: string | null): value is AccessLevel {
  return value !== null && (ACCESS_LEVELS as readonly string[]).includes(value);
}

/** Form that grants a level on features to a group or a user, over a geographic and a functional scope. */
export function GrantForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const groups = useGroups();
  const users = useUsers();
  const scope = useScopeOptions();

  const [beneficiaryKind, setBeneficiaryKind] = useState<BeneficiaryKind>('group');
  const [groupId, setGroupId] = useState<string | null>(null);
  const [userId, setUserId] = useState<string | null>(null);
  const [level, setLevel] = useState<AccessLevel>('read');
  const [geographicKind, setGeographicKind] = useState<GeographicKind>('estate');
  const [siteId, setSiteId] = useState<string | null>(null);
  const [buildingId, setBuildingId] = useState<string | null>(null);
  const [functionalKind, setFunctionalKind] = useState<FunctionalKind>('all');
  const [unitId, setUnitId] = useState<string | null>(null);
  const [allFeatures, setAllFeatures] = useState(true);
  const [features, setFeatures] = useState<Feature[]>([]);
  const [clientErrors, setClientErrors] = useState<Partial<Record<FormField, string>>>({});
  // A field's own problem disappears as soon as the user changes it.
  const clearError = (field: FormField) =>
    setClientErrors((previous) => ({ ...previous, [field]: undefined }));

  const mutation = useMutation({
    mutationFn: (grant: GrantInput) => createGrant(grant),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.grants });
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
      notifications.show({ color: 'green', message: t('admin.grants.create-success') });
      onClose();
    },
  });
  const serverErrors = fieldErrors(t, mutation.error);

  const sites = scope.data?.sites ?? [];
  const buildingOptions = sites
    .map((site) => ({
      group: site.name,
      items: (scope.data?.buildings ?? [])
        .filter((building) => building.siteId === site.id)
        .map((building) => ({ value: building.id, label: building.name })),
    }))
    .filter((group) => group.items.length > 0);
  const units = scope.data?.units ?? [];
  const unitNames = new Map(units.map((unit) => [unit.id, unit.name]));
  const unitOptions = units.map((unit) => ({
    value: unit.id,
    label: unit.parentId
      ? t('admin.grants.unit-option-with-parent', {
          name: unit.name,
          parent: unitNames.get(unit.parentId) ?? '',
        })
      : unit.name,
  }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Partial<Record<FormField, string>> = {};
    const required = t('common.form.required');
    if (beneficiaryKind === 'group' ? !groupId : !userId) problems.beneficiary = required;
    if (geographicKind === 'site' && !siteId) problems.site = required;
    if (geographicKind === 'building' && !buildingId) problems.building = required;
    if (functionalKind === 'unit' && !unitId) problems.unit = required;
    if (!allFeatures && features.length === 0) problems.features = t('admin.grants.features-required');
    setClientErrors(problems);
    if (Object.keys(problems).length > 0) return;
    mutation.mutate({
      groupId: beneficiaryKind === 'group' ? groupId : null,
      userId: beneficiaryKind === 'user' ? userId : null,
      level,
      siteId: geographicKind === 'site' ? siteId : null,
      buildingId: geographicKind === 'building' ? buildingId : null,
      unitId: functionalKind === 'unit' ? unitId : null,
      features: allFeatures ? [ALL_FEATURES] : features,
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <Fieldset legend={t('admin.grants.beneficiary-legend')} variant="filled">
          <Stack gap="sm">
            <SegmentedControl
              value={beneficiaryKind}
              onChange={(value) => setBeneficiaryKind(value === 'user' ? 'user' : 'group')}
              data={[
                { value: 'group', label: t('admin.grants.beneficiary-group') },
                { value: 'user', label: t('admin.grants.beneficiary-user') },
              ]}
              aria-label={t('admin.grants.beneficiary-legend')}
            />
            {beneficiaryKind === 'group' ? (
              <Select
                label={t('admin.grants.group-label')}
                placeholder={t('admin.grants.group-placeholder')}
                data={(groups.data ?? []).map((group) => ({ value: group.id, label: group.name }))}
                value={groupId}
                onChange={(value) => {
                  setGroupId(value);
                  clearError('beneficiary');
                }}
                searchable
                withAsterisk
                nothingFoundMessage={t('common.form.nothing-found')}
                error={clientErrors.beneficiary ?? serverErrors.groupId}
              />
            ) : (
              <Select
                label={t('admin.grants.user-label')}
                placeholder={t('admin.grants.user-placeholder')}
                data={(users.data ?? []).map((user) => ({
                  value: user.id,
                  label: t('admin.groups.member-option', { name: user.displayName, email: user.email }),
                }))}
                value={userId}
                onChange={(value) => {
                  setUserId(value);
                  clearError('beneficiary');
                }}
                searchable
                withAsterisk
                nothingFoundMessage={t('common.form.nothing-found')}
                error={clientErrors.beneficiary ?? serverErrors.userId}
              />
            )}
          </Stack>
        </Fieldset>

        <Select
          label={t('admin.grants.level-label')}
          description={t('admin.grants.level-help')}
          data={ACCESS_LEVELS.map((value) => ({
            value,
            label: format.capitalize(t(`access.level.${value}`)),
          }))}
          value={level}
          onChange={(value) => {
            if (isAccessLevel(value)) setLevel(value);
          }}
          allowDeselect={false}
          withAsterisk
        />

        <Fieldset legend={t('admin.grants.geographic-legend')} variant="filled">
          <Stack gap="sm">
            <SegmentedControl
              value={geographicKind}
              onChange={(value) => setGeographicKind(value as GeographicKind)}
              data={[
                { value: 'estate', label: t('admin.grants.geographic-estate') },
                { value: 'site', label: t('admin.grants.geographic-site') },
                { value: 'building', label: t('admin.grants.geographic-building') },
              ]}
              aria-label={t('admin.grants.geographic-legend')}
            />
            {geographicKind === 'site' && (
              <Select
                label={t('admin.grants.site-label')}
                placeholder={t('admin.grants.site-placeholder')}
                data={sites.map((site) => ({ value: site.id, label: site.name }))}
                value={siteId}
                onChange={(value) => {
                  setSiteId(value);
                  clearError('site');
                }}
                searchable
                withAsterisk
                nothingFoundMessage={t('common.form.nothing-found')}
                error={clientErrors.site ?? serverErrors.siteId}
              />
            )}
            {geographicKind === 'building' && (
              <Select
                label={t('admin.grants.building-label')}
                placeholder={t('admin.grants.building-placeholder')}
                data={buildingOptions}
                value={buildingId}
                onChange={(value) => {
                  setBuildingId(value);
                  clearError('building');
                }}
                searchable
                withAsterisk
                nothingFoundMessage={t('common.form.nothing-found')}
                error={clientErrors.building ?? serverErrors.buildingId}
              />
            )}
          </Stack>
        </Fieldset>

        <Fieldset legend={t('admin.grants.functional-legend')} variant="filled">
          <Stack gap="sm">
            <SegmentedControl
              value={functionalKind}
              onChange={(value) => setFunctionalKind(value === 'unit' ? 'unit' : 'all')}
              data={[
                { value: 'all', label: t('admin.grants.functional-all') },
                { value: 'unit', label: t('admin.grants.functional-unit'), disabled: units.length === 0 },
              ]}
              aria-label={t('admin.grants.functional-legend')}
            />
            {units.length === 0 && scope.isSuccess && (
              <Text size="xs" c="dimmed">
                {t('admin.grants.no-units')}
              </Text>
            )}
            {functionalKind === 'unit' && (
              <Select
                label={t('admin.grants.unit-label')}
                placeholder={t('admin.grants.unit-placeholder')}
                data={unitOptions}
                value={unitId}
                onChange={(value) => {
                  setUnitId(value);
                  clearError('unit');
                }}
                searchable
                withAsterisk
                nothingFoundMessage={t('common.form.nothing-found')}
                error={clientErrors.unit ?? serverErrors.unitId}
              />
            )}
          </Stack>
        </Fieldset>

        <Input.Wrapper
          label={t('admin.grants.features-label')}
          error={clientErrors.features ?? serverErrors.features}
        >
          <Stack gap="xs" mt={6}>
            <Switch
              label={t('admin.grants.features-all')}
              description={t('admin.grants.features-all-help')}
              checked={allFeatures}
              onChange={(event) => setAllFeatures(event.currentTarget.checked)}
            />
            {!allFeatures && (
              <Checkbox.Group
                value={features}
                onChange={(value) => {
                  setFeatures(value as Feature[]);
                  clearError('features');
                }}
              >
                <Group gap="lg" mt={4}>
                  {FEATURES.map((feature) => (
                    <Checkbox key={feature} value={feature} label={t(`access.feature.${feature}`)} />
                  ))}
                </Group>
              </Checkbox.Group>
            )}
          </Stack>
        </Input.Wrapper>

        <ErrorAlert
          error={mutation.error ?? scope.error}
          shownFields={['groupId', 'userId', 'siteId', 'buildingId', 'unitId', 'features']}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.action.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('admin.grants.create-submit-button')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
