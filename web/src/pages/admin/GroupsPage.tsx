import {
  ActionIcon,
  Button,
  Center,
  Loader,
  Group as MantineGroup,
  Modal,
  MultiSelect,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createGroup, deleteGroup, type GroupFields, updateGroup } from '../../api/endpoints';
import { fieldErrors } from '../../api/error-messages';
import { queryKeys, useGroups, useUsers } from '../../api/queries';
import type { Group } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useFormat } from '../../use-format';

const MAX_NAME_LENGTH = 200;
const MAX_DESCRIPTION_LENGTH = 2000;
/** Member names listed in the table before the rest is summed up as a count. */
const LISTED_MEMBERS = 3;

/** Modal state: closed, creating a group, or editing the given group. */
type Editor = { mode: 'closed' } | { mode: 'create' } | { mode: 'edit'; group: Group };

function GroupForm({ group, onClose }: { group: Group | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const users = useUsers();
  const [name, setName] = useState(group?.name ?? '');
  const [description, setDescription] = useState(group?.description ?? '');
  const [memberIds, setMemberIds] = useState<string[]>(group?.memberIds ?? []);
  const [nameError, setNameError] = useState<string | undefined>();

  const mutation = useMutation({
    mutationFn: (fields: GroupFields) => (group ? updateGroup(group.id, fields) : createGroup(fields)),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.groups });
      await queryClient.invalidateQueries({ queryKey: queryKeys.users });
      await queryClient.invalidateQueries({ queryKey: queryKeys.grants });
      notifications.show({
        color: 'green',
        message: t(group ? 'admin.groups.edit-success' : 'admin.groups.create-success', { name: saved.name }),
      });
      onClose();
    },
  });
  const serverErrors = fieldErrors(t, mutation.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') {
      setNameError(t('common.form.required'));
      return;
    }
    setNameError(undefined);
    mutation.mutate({ name: name.trim(), description: description.trim(), memberIds });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label={t('admin.groups.name-label')}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          maxLength={MAX_NAME_LENGTH}
          error={nameError ?? serverErrors.name}
          withAsterisk
          data-autofocus
        />
        <Textarea
          label={t('admin.groups.description-label')}
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
          maxLength={MAX_DESCRIPTION_LENGTH}
          autosize
          minRows={2}
          error={serverErrors.description}
        />
        <MultiSelect
          label={t('admin.groups.members-label')}
          placeholder={memberIds.length === 0 ? t('admin.groups.members-placeholder') : undefined}
          data={(users.data ?? []).map((user) => ({
            value: user.id,
            label: t('admin.groups.member-option', { name: user.displayName, email: user.email }),
          }))}
          value={memberIds}
          onChange={setMemberIds}
          searchable
          clearable
          nothingFoundMessage={t('common.form.nothing-found')}
          error={serverErrors.memberIds}
        />
        <ErrorAlert error={mutation.error} shownFields={['name', 'description', 'memberIds']} />
        <MantineGroup justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.action.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {group ? t('common.action.save') : t('admin.groups.create-submit-button')}
          </Button>
        </MantineGroup>
      </Stack>
    </form>
  );
}

export function GroupsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const groups = useGroups();
  const users = useUsers();
  const [editor, setEditor] = useState<Editor>({ mode: 'closed' });
  const [deletedGroup, setDeletedGroup] = useState<Group | null>(null);
  const userNames = new Map((users.data ?? []).map((user) => [user.id, user.displayName]));

  const deleteMutation = useMutation({
    mutationFn: (group: Group) => deleteGroup(group.id),
    onSuccess: async (_result, group) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.groups });
      await queryClient.invalidateQueries({ queryKey: queryKeys.users });
      await queryClient.invalidateQueries({ queryKey: queryKeys.grants });
      notifications.show({ color: 'green', message: t('admin.groups.delete-success', { name: group.name }) });
      setDeletedGroup(null);
    },
  });

  const closeEditor = () => setEditor({ mode: 'closed' });
  const memberSummary = (group: Group) => {
    const names = group.memberIds.slice(0, LISTED_MEMBERS).map((id) => userNames.get(id) ?? id);
    const others = group.memberIds.length - names.length;
    return others > 0
      ? t('admin.groups.members-and-others', { names: names.join(', '), count: others })
      : names.join(', ');
  };

  return (
    <>
      <PageHeader
        title={t('admin.groups.title')}
        description={t('admin.groups.description')}
        actions={
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setEditor({ mode: 'create' })}
          >
            {t('admin.groups.create-button')}
          </Button>
        }
      />
      <Paper withBorder>
        <ErrorAlert error={groups.error} />
        {groups.isPending ? (
          <Center p="xl">
            <Loader aria-label={t('common.status.loading')} />
          </Center>
        ) : groups.data?.length === 0 ? (
          <Text p="xl" ta="center" c="dimmed">
            {t('admin.groups.empty')}
          </Text>
        ) : (
          groups.data && (
            <Table.ScrollContainer minWidth={800}>
              <Table highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('admin.groups.column-name')}</Table.Th>
                    <Table.Th>{t('admin.groups.column-description')}</Table.Th>
                    <Table.Th>{t('admin.groups.column-members')}</Table.Th>
                    <Table.Th>{t('admin.groups.column-created')}</Table.Th>
                    <Table.Th w={100}>
                      <VisuallyHidden>{t('common.table.actions')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {groups.data.map((group) => (
                    <Table.Tr key={group.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {group.name}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c={group.description ? undefined : 'dimmed'} lineClamp={2}>
                          {group.description || t('common.value.none')}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {t('admin.groups.member-count', {
                            count: group.memberIds.length,
                            formatted: format.number(group.memberIds.length),
                          })}
                        </Text>
                        {group.memberIds.length > 0 && (
                          <Text size="xs" c="dimmed">
                            {memberSummary(group)}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{format.date(group.createdAt)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <MantineGroup gap={4} wrap="nowrap" justify="flex-end">
                          <Tooltip label={t('admin.groups.edit-button')}>
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              aria-label={t('admin.groups.edit-label', { name: group.name })}
                              onClick={() => setEditor({ mode: 'edit', group })}
                            >
                              <IconPencil size={18} aria-hidden />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label={t('admin.groups.delete-button')}>
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={t('admin.groups.delete-label', { name: group.name })}
                              onClick={() => {
                                deleteMutation.reset();
                                setDeletedGroup(group);
                              }}
                            >
                              <IconTrash size={18} aria-hidden />
                            </ActionIcon>
                          </Tooltip>
                        </MantineGroup>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        )}
      </Paper>

      <Modal
        opened={editor.mode !== 'closed'}
        onClose={closeEditor}
        title={editor.mode === 'edit' ? t('admin.groups.edit-title') : t('admin.groups.create-title')}
        size="lg"
        centered
      >
        {editor.mode !== 'closed' && (
          <GroupForm group={editor.mode === 'edit' ? editor.group : null} onClose={closeEditor} />
        )}
      </Modal>

      <ConfirmModal
        opened={deletedGroup !== null}
        title={t('admin.groups.delete-title')}
        message={t('admin.groups.delete-message', { name: deletedGroup?.name ?? '' })}
        confirmLabel={t('admin.groups.delete-confirm-button')}
        loading={deleteMutation.isPending}
        error={deleteMutation.error}
        onConfirm={() => {
          if (deletedGroup) deleteMutation.mutate(deletedGroup);
        }}
        onClose={() => setDeletedGroup(null)}
      />
    </>
  );
}
