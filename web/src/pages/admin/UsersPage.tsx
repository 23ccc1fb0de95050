import {
  ActionIcon,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Menu,
  Paper,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconKey, IconLockOpen, IconPencil, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unlockUser } from '../../api/endpoints';
import { errorMessage } from '../../api/error-messages';
import { queryKeys, useGroups, useUsers } from '../../api/queries';
import type { User } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useFormat } from '../../use-format';
import { CreateUserModal, EditUserModal, ResetPasswordModal } from './UserModals';

function StatusBadges({ user }: { user: User }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      {user.isAdmin && (
        <Badge color="grape" variant="light" tt="none">
          {t('admin.users.badge-admin')}
        </Badge>
      )}
      {!user.isActive && (
        <Badge color="gray" variant="filled" tt="none">
          {t('admin.users.badge-inactive')}
        </Badge>
      )}
      {user.isLocked && (
        <Badge color="red" variant="light" tt="none">
          {t('admin.users.badge-locked')}
        </Badge>
      )}
      {user.isActive && !user.isAdmin && !user.isLocked && (
        <Badge color="energy" variant="light" tt="none">
          {t('admin.users.badge-active')}
        </Badge>
      )}
    </Group>
  );
}

export function UsersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useSession();
  const queryClient = useQueryClient();
  const users = useUsers();
  const groups = useGroups();
  const [creating, setCreating] = useState(false);
  const [editedUser, setEditedUser] = useState<User | null>(null);
  const [resetUser, setResetUser] = useState<User | null>(null);

  const groupNames = new Map((groups.data ?? []).map((group) => [group.id, group.name]));

  const unlockMutation = useMutation({
    mutationFn: (user: User) => unlockUser(user.id),
    onSuccess: async (_result, user) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.users });
      notifications.show({ color: 'green', message: t('admin.users.unlock-success', { email: user.email }) });
    },
    onError: (error) => {
      notifications.show({ color: 'red', message: errorMessage(t, error) });
    },
  });

  return (
    <>
      <PageHeader
        title={t('admin.users.title')}
        description={t('admin.users.description')}
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            {t('admin.users.create-button')}
          </Button>
        }
      />
      <Paper withBorder>
        <ErrorAlert error={users.error} />
        {users.isPending ? (
          <Center p="xl">
            <Loader aria-label={t('common.status.loading')} />
          </Center>
        ) : (
          users.data && (
            <>
              <Text size="sm" c="dimmed" px="md" pt="md">
                {t('admin.users.count', {
                  count: users.data.length,
                  formatted: format.number(users.data.length),
                })}
              </Text>
              <Table.ScrollContainer minWidth={960}>
                <Table highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('admin.users.column-name')}</Table.Th>
                      <Table.Th>{t('admin.users.column-status')}</Table.Th>
                      <Table.Th>{t('admin.users.column-groups')}</Table.Th>
                      <Table.Th>{t('admin.users.column-locale')}</Table.Th>
                      <Table.Th>{t('admin.users.column-last-login')}</Table.Th>
                      <Table.Th w={60}>
                        <VisuallyHidden>{t('common.table.actions')}</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {users.data.map((user) => (
                      <Table.Tr key={user.id} c={user.isActive ? undefined : 'dimmed'}>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {user.displayName}
                            {user.id === me.user.id && (
                              <Text span size="xs" c="dimmed" ml={6}>
                                {t('admin.users.you')}
                              </Text>
                            )}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {user.email}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <StatusBadges user={user} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" c={user.groupIds.length === 0 ? 'dimmed' : undefined}>
                            {user.groupIds.length === 0
                              ? t('common.value.none')
                              : user.groupIds.map((id) => groupNames.get(id) ?? id).join(', ')}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{t(`app.language.name-${user.locale}`)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" c={user.lastLoginAt ? undefined : 'dimmed'}>
                            {user.lastLoginAt
                              ? format.dateTime(user.lastLoginAt)
                              : t('admin.users.never-logged-in')}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Menu position="bottom-end" withinPortal>
                            <Menu.Target>
                              <ActionIcon
                                variant="subtle"
                                color="gray"
                                aria-label={t('admin.users.actions-label', { name: user.displayName })}
                              >
                                <IconDots size={18} aria-hidden />
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item
                                leftSection={<IconPencil size={16} aria-hidden />}
                                onClick={() => setEditedUser(user)}
                              >
                                {t('admin.users.edit-button')}
                              </Menu.Item>
                              <Menu.Item
                                leftSection={<IconKey size={16} aria-hidden />}
                                onClick={() => setResetUser(user)}
                              >
                                {t('admin.users.reset-button')}
                              </Menu.Item>
                              {user.isLocked && (
                                <Menu.Item
                                  leftSection={<IconLockOpen size={16} aria-hidden />}
                                  onClick={() => unlockMutation.mutate(user)}
                                >
                                  {t('admin.users.unlock-button')}
                                </Menu.Item>
                              )}
                            </Menu.Dropdown>
                          </Menu>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </>
          )
        )}
      </Paper>

      <CreateUserModal opened={creating} onClose={() => setCreating(false)} />
      <EditUserModal user={editedUser} onClose={() => setEditedUser(null)} />
      <ResetPasswordModal user={resetUser} onClose={() => setResetUser(null)} />
    </>
  );
}
