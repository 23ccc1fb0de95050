import { Anchor, Badge, Group, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ACTIVITIES, type Activity, type Building, type BuildingStatus } from '../../api/types';
import { Field, NoValue } from '../../components/Field';
import { LevelBadge } from '../../components/LevelBadge';
import { isEnergy } from '../../consumption/labels';
import { useFormat } from '../../use-format';

const STATUS_COLORS: Record<BuildingStatus, string> = { active: 'green', inactive: 'gray', planned: 'blue' };

function isActivity(value: string): value is Activity {
  return (ACTIVITIES as readonly string[]).includes(value);
}

export function BuildingStatusBadge({ status }: { status: BuildingStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" tt="none">
      {t(`buildings.status.${status}`)}
    </Badge>
  );
}

/** Identity and properties of a building, as `GET /api/buildings/:id` returns them. */
export function BuildingProperties({ building }: { building: Building }) {
  const { t } = useTranslation();
  const format = useFormat();
  const text = (value: string) => <Text size="sm">{value}</Text>;
  const area = (value: number | null) => (value === null ? <NoValue /> : text(format.area(value)));

  let activePeriod = null;
  if (building.activeFrom && building.activeTo) {
    activePeriod = t('buildings.detail.active-between', {
      from: format.localDate(building.activeFrom),
      to: format.localDate(building.activeTo),
    });
  } else if (building.activeFrom) {
    activePeriod = t('buildings.detail.active-since', { from: format.localDate(building.activeFrom) });
  } else if (building.activeTo) {
    activePeriod = t('buildings.detail.active-until', { to: format.localDate(building.activeTo) });
  }

  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="lg" verticalSpacing="lg">
      <Field label={t('buildings.detail.code')}>
        <Text size="sm" ff="monospace">
          {building.code}
        </Text>
      </Field>
      <Field label={t('buildings.detail.site')}>
        <Anchor component={Link} to={`/batiments?siteId=${encodeURIComponent(building.siteId)}`} size="sm">
          {building.siteName}
        </Anchor>
      </Field>
      <Field label={t('buildings.detail.status')}>
        <BuildingStatusBadge status={building.status} />
      </Field>
      <Field label={t('buildings.detail.access-level')}>
        <LevelBadge level={building.accessLevel} />
      </Field>
      <Field label={t('buildings.detail.activity')}>
        {building.activity === null ? (
          <NoValue />
        ) : (
          text(
            isActivity(building.activity) ? t(`buildings.activity.${building.activity}`) : building.activity,
          )
        )}
      </Field>
      <Field label={t('buildings.detail.heating')}>
        {building.mainHeatingEnergy === null ? (
          <NoValue />
        ) : (
          text(
            isEnergy(building.mainHeatingEnergy)
              ? t(`energy.${building.mainHeatingEnergy}`)
              : building.mainHeatingEnergy,
          )
        )}
      </Field>
      <Field label={t('buildings.detail.construction-year')}>
        {building.constructionYear === null ? <NoValue /> : text(String(building.constructionYear))}
      </Field>
      <Field label={t('buildings.detail.active-period')}>
        {activePeriod ? text(activePeriod) : <NoValue />}
      </Field>
      <Field label={t('buildings.detail.floor-area')}>{area(building.floorAreaM2)}</Field>
      <Field label={t('buildings.detail.useful-area')}>{area(building.usefulAreaM2)}</Field>
      <Field label={t('buildings.detail.heated-area')}>{area(building.heatedAreaM2)}</Field>
      <Field label={t('buildings.detail.coordinates')}>
        {building.latitude === null || building.longitude === null ? (
          <NoValue />
        ) : (
          text(
            t('buildings.detail.coordinates-value', {
              latitude: format.number(building.latitude, 6),
              longitude: format.number(building.longitude, 6),
            }),
          )
        )}
      </Field>
      <Field label={t('buildings.detail.address')}>
        {building.address ? (
          <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
            {building.address}
          </Text>
        ) : (
          <NoValue />
        )}
      </Field>
      <Field label={t('buildings.detail.units')}>
        {building.unitNames.length === 0 ? (
          <NoValue />
        ) : (
          <Group gap={6}>
            {building.unitNames.map((unitName) => (
              <Badge key={unitName} variant="light" color="gray" tt="none" radius="sm">
                {unitName}
              </Badge>
            ))}
          </Group>
        )}
      </Field>
      <Field label={t('buildings.detail.notes')} fullWidth>
        {building.notes.trim() === '' ? (
          <NoValue />
        ) : (
          <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
            {building.notes}
          </Text>
        )}
      </Field>
    </SimpleGrid>
  );
}
