import {
  AppShell,
  Avatar,
  Burger,
  Button,
  Center,
  Divider,
  Group,
  Loader,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconApi,
  IconBuildingCommunity,
  IconCertificate,
  IconChartBar,
  IconChevronDown,
  IconCloudDownload,
  IconExternalLink,
  IconFileImport,
  IconFileUpload,
  IconHistory,
  IconHome,
  IconKey,
  IconListDetails,
  IconLogout,
  IconMap2,
  IconMapPin,
  IconMathFunction,
  IconPlugConnected,
  IconQuestionMark,
  IconSitemap,
  IconUserCircle,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { ANALYSIS_PATH, PORTFOLIO_MAP_PATH } from '../analysis/paths';
import { ApiError } from '../api/client';
import { logout } from '../api/endpoints';
import { useMe } from '../api/queries';
import { SessionContext } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Logo } from '../components/Logo';
import { IMPORT_RUNS_PATH, SOURCES_PATH, UNKNOWN_IDENTIFIERS_PATH, UPLOAD_PATH } from '../ingest/paths';
import { USER_INDICATORS_PATH } from '../performance/paths';
import { useSyncLanguageWithAccount } from './use-sync-language';

const ICON_SIZE = 18;

function NavItem({
  to,
  label,
  icon,
  exact = false,
  onNavigate,
}: {
  to: string;
  label: string;
  icon: ReactNode;
  exact?: boolean;
  onNavigate: () => void;
}) {
  const { pathname } = useLocation();
  const isActive = exact ? pathname === to : pathname === to || pathname.startsWith(`${to}/`);
  return (
    <NavLink
      component={Link}
      to={to}
      label={label}
      leftSection={icon}
      active={isActive}
      aria-current={isActive ? 'page' : undefined}
      onClick={onNavigate}
      variant="light"
      styles={{ root: { borderRadius: 'var(--mantine-radius-md)' }, label: { fontSize: 14 } }}
    />
  );
}

function initialsOf(displayName: string): string {
  const words = displayName.trim().split(/\s+/).filter(Boolean);
  return words
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
}

function UserMenu({ displayName, email }: { displayName: string; email: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const logoutMutation = useMutation({
    mutationFn: logout,
    onSettled: async () => {
      // Leave the signed-in pages before emptying the cache, so none of them fetches again.
      await navigate('/connexion', { replace: true });
      queryClient.clear();
    },
  });

  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label={t('app.user-menu.open', { name: displayName })}>
          <Group gap={8} wrap="nowrap">
            <Avatar color="energy" radius="xl" size={32}>
              {initialsOf(displayName)}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm">
              {displayName}
            </Text>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="dark.6" truncate>
            {displayName}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {email}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item component={Link} to="/compte" leftSection={<IconUserCircle size={16} aria-hidden />}>
          {t('app.user-menu.account')}
        </Menu.Item>
        <Menu.Item
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={() => logoutMutation.mutate()}
          disabled={logoutMutation.isPending}
        >
          {t('app.user-menu.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/**
 * Signed-in frame of every page: header, navigation and the current page. It loads the user with
 * `GET /api/me` and sends visitors without a session to the login page.
 */
export function AppLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const [navbarOpened, { toggle: toggleNavbar, close: closeNavbar }] = useDisclosure(false);
  const meQuery = useMe();
  useSyncLanguageWithAccount(meQuery.data?.user.locale);

  if (meQuery.isPending) {
    return (
      <Center h="100vh" aria-busy="true">
        <Loader aria-label={t('common.status.loading')} />
      </Center>
    );
  }
  if (meQuery.isError) {
    if (meQuery.error instanceof ApiError && meQuery.error.status === 401) {
      return <Navigate to="/connexion" replace state={{ from: location.pathname + location.search }} />;
    }
    return (
      <Center h="100vh" p="md">
        <Stack maw={480}>
          <ErrorAlert error={meQuery.error} />
          <Button onClick={() => void meQuery.refetch()}>{t('common.action.retry')}</Button>
        </Stack>
      </Center>
    );
  }

  const me = meQuery.data;
  return (
    <SessionContext.Provider value={me}>
      <a href="#main-content" className="skip-link">
        {t('app.shell.skip-link')}
      </a>
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 280, breakpoint: 'sm', collapsed: { mobile: !navbarOpened } }}
        padding="xl"
      >
        <AppShell.Header withBorder>
          <Group h="100%" px="lg" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={navbarOpened}
                onClick={toggleNavbar}
                hiddenFrom="sm"
                size="sm"
                aria-label={t('app.navigation.toggle')}
              />
              <Link to="/" className="plain-link" aria-label={t('app.navigation.home-link')}>
                <Logo size={30} textSize={19} />
              </Link>
            </Group>
            <Group gap="lg" wrap="nowrap">
              <LanguageSwitch />
              <UserMenu displayName={me.user.displayName} email={me.user.email} />
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar p="sm" aria-label={t('app.navigation.label')}>
          <AppShell.Section grow component={ScrollArea}>
            <Stack gap={2}>
              <NavItem
                to="/"
                exact
                label={t('app.navigation.home')}
                icon={<IconHome size={ICON_SIZE} aria-hidden />}
                onNavigate={closeNavbar}
              />
              <NavItem
                to={ANALYSIS_PATH}
                label={t('app.navigation.analysis')}
                icon={<IconChartBar size={ICON_SIZE} aria-hidden />}
                onNavigate={closeNavbar}
              />
              <NavItem
                to={PORTFOLIO_MAP_PATH}
                label={t('app.navigation.portfolio-map')}
                icon={<IconMap2 size={ICON_SIZE} aria-hidden />}
                onNavigate={closeNavbar}
              />
              <NavItem
                to="/sites"
                label={t('app.navigation.sites')}
                icon={<IconMapPin size={ICON_SIZE} aria-hidden />}
                onNavigate={closeNavbar}
              />
              <NavItem
                to="/batiments"
                label={t('app.navigation.buildings')}
                icon={<IconBuildingCommunity size={ICON_SIZE} aria-hidden />}
                onNavigate={closeNavbar}
              />
              <NavItem
                to="/points-de-livraison"
                label={t('app.navigation.delivery-points')}
                icon={<IconPlugConnected size={ICON_SIZE} aria-hidden />}
                onNavigate={closeNavbar}
              />
              <NavItem
                to="/efa"
                label={t('app.navigation.efas')}
                icon={<IconCertificate size={ICON_SIZE} aria-hidden />}
                onNavigate={closeNavbar}
              />
              <NavItem
                to={USER_INDICATORS_PATH}
                label={t('app.navigation.user-indicators')}
                icon={<IconMathFunction size={ICON_SIZE} aria-hidden />}
                onNavigate={closeNavbar}
              />
            </Stack>
            {me.user.isAdmin && (
              <>
                <Divider my="sm" />
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pb={6} id="nav-admin-heading">
                  {t('app.navigation.admin-group')}
                </Text>
                <Stack gap={2} role="group" aria-labelledby="nav-admin-heading">
                  <NavItem
                    to="/admin/utilisateurs"
                    label={t('app.navigation.users')}
                    icon={<IconUsers size={ICON_SIZE} aria-hidden />}
                    onNavigate={closeNavbar}
                  />
                  <NavItem
                    to="/admin/groupes"
                    label={t('app.navigation.groups')}
                    icon={<IconUsersGroup size={ICON_SIZE} aria-hidden />}
                    onNavigate={closeNavbar}
                  />
                  <NavItem
                    to="/admin/droits"
                    label={t('app.navigation.grants')}
                    icon={<IconKey size={ICON_SIZE} aria-hidden />}
                    onNavigate={closeNavbar}
                  />
                  <NavItem
                    to="/admin/composantes"
                    label={t('app.navigation.units')}
                    icon={<IconSitemap size={ICON_SIZE} aria-hidden />}
                    onNavigate={closeNavbar}
                  />
                  <NavItem
                    to={SOURCES_PATH}
                    label={t('app.navigation.ingest-sources')}
                    icon={<IconCloudDownload size={ICON_SIZE} aria-hidden />}
                    onNavigate={closeNavbar}
                  />
                  <NavItem
                    to={IMPORT_RUNS_PATH}
                    label={t('app.navigation.import-runs')}
                    icon={<IconListDetails size={ICON_SIZE} aria-hidden />}
                    onNavigate={closeNavbar}
                  />
                  <NavItem
                    to={UNKNOWN_IDENTIFIERS_PATH}
                    label={t('app.navigation.unknown-identifiers')}
                    icon={<IconQuestionMark size={ICON_SIZE} aria-hidden />}
                    onNavigate={closeNavbar}
                  />
                  <NavItem
                    to={UPLOAD_PATH}
                    label={t('app.navigation.upload')}
                    icon={<IconFileUpload size={ICON_SIZE} aria-hidden />}
                    onNavigate={closeNavbar}
                  />
                  <NavItem
                    to="/admin/import-historique"
                    label={t('app.navigation.history-import')}
                    icon={<IconFileImport size={ICON_SIZE} aria-hidden />}
                    onNavigate={closeNavbar}
                  />
                  <NavItem
                    to="/admin/audit"
                    label={t('app.navigation.audit')}
                    icon={<IconHistory size={ICON_SIZE} aria-hidden />}
                    onNavigate={closeNavbar}
                  />
                  <NavLink
                    href="/api/docs"
                    target="_blank"
                    rel="noopener noreferrer"
                    label={t('app.navigation.api-docs')}
                    aria-label={t('app.navigation.api-docs-new-tab')}
                    leftSection={<IconApi size={ICON_SIZE} aria-hidden />}
                    rightSection={<IconExternalLink size={14} aria-hidden />}
                    styles={{ root: { borderRadius: 'var(--mantine-radius-md)' }, label: { fontSize: 14 } }}
                  />
                </Stack>
              </>
            )}
          </AppShell.Section>
        </AppShell.Navbar>

        <AppShell.Main id="main-content" tabIndex={-1} bg="gray.0">
          <Outlet />
        </AppShell.Main>
      </AppShell>
    </SessionContext.Provider>
  );
}
