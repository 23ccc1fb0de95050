import {
  Button,
  Group,
  Modal,
  MultiSelect,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { MIN_PASSWORD_LENGTH } from '@openfluides/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createUser,
  type NewUser,
  resetUserPassword,
  type UserChanges,
  updateUser,
} from '../../api/endpoints';
import { fieldErrors } from '../../api/error-messages';
import { queryKeys, useGroups } from '../../api/queries';
import type { Locale, User } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { isLanguage, LANGUAGES } from '../../i18n';

const MAX_DISPLAY_NAME_LENGTH = 200;
/** Loose shape check before sending; the server validates the address fully. */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function useLocaleOptions() {
  const { t } = useTranslation();
  return LANGUAGES.map((language) => ({ value: language, label: t(`app.language.name-${language}`) }));
}

/** Returns the translated problem of a new password, or undefined when it is acceptable. */
function passwordProblem(t: TFunction, password: string, email: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return t('errors.field.too-short', { min: MIN_PASSWORD_LENGTH });
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) return t('errors.field.same-as-email');
  return undefined;
}

export function CreateUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('admin.users.create-title')} size="lg" centered>
      {opened && <CreateUserForm onClose={onClose} />}
    </Modal>
  );
}

function CreateUserForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const localeOptions = useLocaleOptions();
  const [values, setValues] = useState<NewUser>({
    email: '',
    displayName: '',
    password: '',
    isAdmin: false,
    locale: 'fr',
  });
  const [clientErrors, setClientErrors] = useState<Partial<Record<keyof NewUser, string>>>({});
  const set = <K extends keyof NewUser>(field: K, value: NewUser[K]) =>
    setValues((previous) => ({ ...previous, [field]: value }));

  const mutation = useMutation({
    mutationFn: () =>
      createUser({ ...values, email: values.email.trim(), displayName: values.displayName.trim() }),
    onSuccess: async (user) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.users });
      notifications.show({ color: 'green', message: t('admin.users.create-success', { email: user.email }) });
      onClose();
    },
  });
  const serverErrors = fieldErrors(t, mutation.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Partial<Record<keyof NewUser, string>> = {};
    if (!EMAIL_PATTERN.test(values.email.trim())) problems.email = t('admin.users.email-invalid');
    if (values.displayName.trim() === '') problems.displayName = t('common.form.required');
    const weakPassword = passwordProblem(t, values.password, values.email);
    if (weakPassword) problems.password = weakPassword;
    setClientErrors(problems);
    if (Object.keys(problems).length === 0) mutation.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label={t('admin.users.email-label')}
          type="email"
          autoComplete="off"
          value={values.email}
          onChange={(event) => set('email', event.currentTarget.value)}
          error={clientErrors.email ?? serverErrors.email}
          withAsterisk
          data-autofocus
        />
        <TextInput
          label={t('admin.users.display-name-label')}
          value={values.displayName}
          onChange={(event) => set('displayName', event.currentTarget.value)}
          maxLength={MAX_DISPLAY_NAME_LENGTH}
          error={clientErrors.displayName ?? serverErrors.displayName}
          withAsterisk
        />
        <PasswordInput
          label={t('admin.users.password-label')}
          description={t('admin.users.password-help', { min: MIN_PASSWORD_LENGTH })}
          autoComplete="new-password"
          value={values.password}
          onChange={(event) => set('password', event.currentTarget.value)}
          error={clientErrors.password ?? serverErrors.password}
          withAsterisk
        />
        <Select
          label={t('admin.users.locale-label')}
          data={localeOptions}
          value={values.locale}
          onChange={(value) => {
            if (isLanguage(value)) set('locale', value);
          }}
          allowDeselect={false}
        />
        <Switch
          label={t('admin.users.is-admin-label')}
          description={t('admin.users.is-admin-help')}
          checked={values.isAdmin}
          onChange={(event) => set('isAdmin', event.currentTarget.checked)}
        />
        <ErrorAlert error={mutation.error} shownFields={['email', 'displayName', 'password']} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.action.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('admin.users.create-submit-button')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function EditUserModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={user !== null} onClose={onClose} title={t('admin.users.edit-title')} size="lg" centered>
      {user && <EditUserForm user={user} onClose={onClose} />}
    </Modal>
  );
}

function EditUserForm({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const localeOptions = useLocaleOptions();
  const groups = useGroups();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [locale, setLocale] = useState<Locale>(user.locale);
  const [isAdmin, setIsAdmin] = useState(user.isAdmin);
  const [isActive, setIsActive] = useState(user.isActive);
  const [groupIds, setGroupIds] = useState<string[]>(user.groupIds);
  const [nameError, setNameError] = useState<string | undefined>();

  const mutation = useMutation({
    mutationFn: (changes: UserChanges) => updateUser(user.id, changes),
    onSuccess: async (updated) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.users });
      await queryClient.invalidateQueries({ queryKey: queryKeys.groups });
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
      notifications.show({
        color: 'green',
        message: t('admin.users.edit-success', { email: updated.email }),
      });
      onClose();
    },
  });
  const serverErrors = fieldErrors(t, mutation.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (displayName.trim() === '') {
      setNameError(t('common.form.required'));
      return;
    }
    setNameError(undefined);
    mutation.mutate({ displayName: displayName.trim(), locale, isAdmin, isActive, groupIds });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput label={t('admin.users.email-label')} value={user.email} readOnly variant="filled" />
        <TextInput
          label={t('admin.users.display-name-label')}
          value={displayName}
          onChange={(event) => setDisplayName(event.currentTarget.value)}
          maxLength={MAX_DISPLAY_NAME_LENGTH}
          error={nameError ?? serverErrors.displayName}
          withAsterisk
        />
        <Select
          label={t('admin.users.locale-label')}
          data={localeOptions}
          value={locale}
          onChange={(value) => {
            if (isLanguage(value)) setLocale(value);
          }}
          allowDeselect={false}
        />
        <MultiSelect
          label={t('admin.users.groups-label')}
          placeholder={groupIds.length === 0 ? t('admin.users.groups-placeholder') : undefined}
          data={(groups.data ?? []).map((group) => ({ value: group.id, label: group.name }))}
          value={groupIds}
          onChange={setGroupIds}
          searchable
          clearable
          nothingFoundMessage={t('common.form.nothing-found')}
          error={serverErrors.groupIds}
        />
        <Switch
          label={t('admin.users.is-admin-label')}
          description={t('admin.users.is-admin-help')}
          checked={isAdmin}
          onChange={(event) => setIsAdmin(event.currentTarget.checked)}
          error={serverErrors.isAdmin}
        />
        <Switch
          label={t('admin.users.is-active-label')}
          description={t('admin.users.is-active-help')}
          checked={isActive}
          onChange={(event) => setIsActive(event.currentTarget.checked)}
        />
        <ErrorAlert error={mutation.error} shownFields={['displayName', 'groupIds', 'isAdmin']} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.action.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('common.action.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={user !== null} onClose={onClose} title={t('admin.users.reset-title')} centered>
      {user && <ResetPasswordForm user={user} onClose={onClose} />}
    </Modal>
  );
}

function ResetPasswordForm({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [clientErrors, setClientErrors] = useState<{ password?: string; confirmation?: string }>({});

  const mutation = useMutation({
    mutationFn: () => resetUserPassword(user.id, password),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.users });
      notifications.show({ color: 'green', message: t('admin.users.reset-success', { email: user.email }) });
      onClose();
    },
  });
  const serverErrors = fieldErrors(t, mutation.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: { password?: string; confirmation?: string } = {};
    const weakPassword = passwordProblem(t, password, user.email);
    if (weakPassword) problems.password = weakPassword;
    if (confirmation !== password) problems.confirmation = t('account.password.mismatch');
    setClientErrors(problems);
    if (Object.keys(problems).length === 0) mutation.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">{t('admin.users.reset-explanation', { email: user.email })}</Text>
        <PasswordInput
          label={t('account.password.new-label')}
          description={t('admin.users.password-help', { min: MIN_PASSWORD_LENGTH })}
          autoComplete="new-password"
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          error={clientErrors.password ?? serverErrors.password}
          withAsterisk
          data-autofocus
        />
        <PasswordInput
          label={t('account.password.confirmation-label')}
          autoComplete="new-password"
          value={confirmation}
          onChange={(event) => setConfirmation(event.currentTarget.value)}
          error={clientErrors.confirmation}
          withAsterisk
        />
        <ErrorAlert error={mutation.error} shownFields={['password']} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.action.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('admin.users.reset-submit-button')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
