import {
  Badge,
  Button,
  Group,
  Paper,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { MIN_PASSWORD_LENGTH } from '@openfluides/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { changeOwnPassword } from '../api/endpoints';
import { fieldErrors } from '../api/error-messages';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { isLanguage, LANGUAGES } from '../i18n';
import { useChooseLanguage } from '../layout/use-sync-language';

type PasswordField = 'currentPassword' | 'newPassword' | 'confirmation';

function PasswordChangeForm() {
  const { t } = useTranslation();
  const me = useSession();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [clientErrors, setClientErrors] = useState<Partial<Record<PasswordField, string>>>({});

  const mutation = useMutation({
    mutationFn: () => changeOwnPassword(currentPassword, newPassword),
    onSuccess: () => {
      setCurrentPassword('');
      setNewPassword('');
      setConfirmation('');
      notifications.show({
        color: 'green',
        title: t('account.password.success-title'),
        message: t('account.password.success-message'),
      });
    },
  });
  const serverErrors = fieldErrors(t, mutation.error);
  // The server reports a weak new password under `newPassword` or `password` depending on the route.
  const newPasswordServerError = serverErrors.newPassword ?? serverErrors.password;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Partial<Record<PasswordField, string>> = {};
    if (currentPassword === '') problems.currentPassword = t('common.form.required');
    if ([...newPassword].length < MIN_PASSWORD_LENGTH) {
      problems.newPassword = t('errors.field.too-short', { min: MIN_PASSWORD_LENGTH });
    } else if (newPassword.trim().toLowerCase() === me.user.email.toLowerCase()) {
      problems.newPassword = t('errors.field.same-as-email');
    }
    if (confirmation !== newPassword) problems.confirmation = t('account.password.mismatch');
    setClientErrors(problems);
    if (Object.keys(problems).length > 0) return;
    mutation.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <PasswordInput
          label={t('account.password.current-label')}
          autoComplete="current-password"
          value={currentPassword}
          onChange={(event) => setCurrentPassword(event.currentTarget.value)}
          error={clientErrors.currentPassword ?? serverErrors.currentPassword}
          withAsterisk
        />
        <PasswordInput
          label={t('account.password.new-label')}
          description={t('account.password.new-help', { min: MIN_PASSWORD_LENGTH })}
          autoComplete="new-password"
          value={newPassword}
          onChange={(event) => setNewPassword(event.currentTarget.value)}
          error={clientErrors.newPassword ?? newPasswordServerError}
          withAsterisk
        />
        <PasswordInput
          label={t('account.password.confirmation-label')}
          autoComplete="new-password"
          value={confirmation}
          onChange={(event) => setConfirmation(event.currentTarget.value)}
          error={clientErrors.confirmation}
          withAsterisk
        />
        <ErrorAlert error={mutation.error} shownFields={['currentPassword', 'newPassword', 'password']} />
        <Group>
          <Button type="submit" loading={mutation.isPending}>
            {t('account.password.submit-button')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Shows the account's interface language and saves it as soon as the user picks another one. */
function LanguagePreference() {
  const { t } = useTranslation();
  const me = useSession();
  const { choose, saving } = useChooseLanguage({ announceSaved: true });
  return (
    <Select
      mt="md"
      maw={320}
      label={t('account.identity.locale')}
      data={LANGUAGES.map((language) => ({ value: language, label: t(`app.language.name-${language}`) }))}
      value={me.user.locale}
      allowDeselect={false}
      disabled={saving}
      onChange={(value) => {
        if (!isLanguage(value) || value === me.user.locale) return;
        choose(value);
      }}
    />
  );
}

export function AccountPage() {
  const { t } = useTranslation();
  const me = useSession();
  return (
    <>
      <PageHeader title={t('account.page.title')} description={t('account.page.description')} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" maw={1100}>
        <Paper withBorder p="xl">
          <Title order={2} fz={17} fw={650} mb="md">
            {t('account.identity.title')}
          </Title>
          <Table withRowBorders={false} verticalSpacing={8} horizontalSpacing={0}>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w={200} fw={500} c="dimmed">
                  {t('account.identity.name')}
                </Table.Th>
                <Table.Td>{me.user.displayName}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th fw={500} c="dimmed">
                  {t('account.identity.email')}
                </Table.Th>
                <Table.Td>{me.user.email}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th fw={500} c="dimmed">
                  {t('account.identity.role')}
                </Table.Th>
                <Table.Td>
                  {me.user.isAdmin ? (
                    <Badge color="grape" variant="light" tt="none">
                      {t('account.identity.role-admin')}
                    </Badge>
                  ) : (
                    t('account.identity.role-user')
                  )}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          <LanguagePreference />
          <Text size="xs" c="dimmed" mt="md">
            {t('account.identity.locale-help')}
          </Text>
        </Paper>

        <Paper withBorder p="xl">
          <Title order={2} fz={17} fw={650} mb={4}>
            {t('account.password.title')}
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            {t('account.password.description')}
          </Text>
          <PasswordChangeForm />
        </Paper>
      </SimpleGrid>
    </>
  );
}
