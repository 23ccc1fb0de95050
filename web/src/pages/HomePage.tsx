import {
  Alert,
  Anchor,
  Badge,
  Grid,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { FEATURES } from '@openfluides/core';
import { IconBuildingCommunity, IconInfoCircle, IconMapPin, IconShieldCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSites } from '../api/queries';
import type { Site } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { LevelBadge } from '../components/LevelBadge';
import { PageHeader } from '../components/PageHeader';
import { useFormat } from '../use-format';

function StatCard({
  label,
  value,
  icon,
  loading,
}: {
  label: string;
  value: string;
  icon: ReactNode;
  loading: boolean;
}) {
  return (
    <Paper withBorder p="lg">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={6}>
          <Text size="sm" c="dimmed" fw={500}>
            {label}
          </Text>
          {loading ? (
            <Skeleton h={34} w={60} />
          ) : (
            <Text fz={32} fw={700} lh={1.1}>
              {value}
            </Text>
          )}
        </Stack>
        <ThemeIcon size={44} radius="md" variant="light" color="energy">
          {icon}
        </ThemeIcon>
      </Group>
    </Paper>
  );
}

function AccessSummary() {
  const { t } = useTranslation();
  const me = useSession();
  return (
    <Paper withBorder p="lg">
      <Group gap="sm" mb={4}>
        <ThemeIcon size={32} radius="md" variant="light" color="energy">
          <IconShieldCheck size={18} aria-hidden />
        </ThemeIcon>
        <Title order={2} fz={17} fw={650}>
          {t('home.access.title')}
        </Title>
      </Group>
      <Text size="xs" c="dimmed" mb="sm">
        {t('home.access.max-level-help')}
      </Text>
      <Stack gap="sm">
        {me.user.isAdmin && (
          <Group gap="xs">
            <Badge color="grape" variant="filled" tt="none">
              {t('home.access.platform-admin')}
            </Badge>
          </Group>
        )}
        <Table withRowBorders={false} verticalSpacing={6} horizontalSpacing={0}>
          <Table.Tbody>
            {FEATURES.map((feature) => {
              const level = me.maxLevelByFeature[feature];
              return (
                <Table.Tr key={feature}>
                  <Table.Td>
                    <Text size="sm">{t(`access.feature.${feature}`)}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    {level ? (
                      <LevelBadge level={level} />
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('home.access.no-level')}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed">
          {me.user.isAdmin
            ? t('home.access.admin-note')
            : t('home.access.grant-count', { count: me.grants.length })}
        </Text>
      </Stack>
    </Paper>
  );
}

function SiteTable({ sites }: { sites: Site[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Paper withBorder>
      <Group justify="space-between" px="lg" pt="md" pb="xs">
        <Title order={2} fz={17} fw={650}>
          {t('home.sites.title')}
        </Title>
        <Anchor component={Link} to="/batiments" size="sm">
          {t('home.sites.all-buildings-link')}
        </Anchor>
      </Group>
      <Table.ScrollContainer minWidth={560}>
        <Table highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('home.sites.column-name')}</Table.Th>
              <Table.Th>{t('home.sites.column-code')}</Table.Th>
              <Table.Th>{t('home.sites.column-city')}</Table.Th>
              <Table.Th ta="right">{t('home.sites.column-buildings')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sites.map((site) => (
              <Table.Tr key={site.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/sites/${encodeURIComponent(site.id)}`} fw={500}>
                    {site.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {site.code}
                  </Text>
                </Table.Td>
                <Table.Td>{site.city ?? t('common.value.none')}</Table.Td>
                <Table.Td ta="right">{format.number(site.buildingCount)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useSession();
  const sitesQuery = useSites();
  const sites = sitesQuery.data ?? [];
  const buildingCount = sites.reduce((sum, site) => sum + site.buildingCount, 0);
  const isEmpty = sitesQuery.isSuccess && buildingCount === 0;

  return (
    <>
      <PageHeader
        title={t('home.welcome.title', { name: me.user.displayName })}
        description={t('home.welcome.description')}
      />
      <Stack gap="lg">
        <ErrorAlert error={sitesQuery.error} />
        {isEmpty && (
          <Alert
            color="blue"
            variant="light"
            icon={<IconInfoCircle size={20} aria-hidden />}
            title={t('home.empty.title')}
          >
            {t('home.empty.message')}
          </Alert>
        )}

        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Stack gap="lg">
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
                <StatCard
                  label={t('home.stats.sites')}
                  value={format.number(sites.length)}
                  icon={<IconMapPin size={24} aria-hidden />}
                  loading={sitesQuery.isPending}
                />
                <StatCard
                  label={t('home.stats.buildings')}
                  value={format.number(buildingCount)}
                  icon={<IconBuildingCommunity size={24} aria-hidden />}
                  loading={sitesQuery.isPending}
                />
              </SimpleGrid>
              {sites.length > 0 && <SiteTable sites={sites} />}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <AccessSummary />
          </Grid.Col>
        </Grid>
      </Stack>
    </>
  );
}
