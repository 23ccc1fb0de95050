import {
  Alert,
  Box,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconInfoCircle, IconLogin2 } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { fetchMe, login } from '../api/endpoints';
import { queryKeys } from '../api/queries';
import { ErrorAlert } from '../components/ErrorAlert';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Logo } from '../components/Logo';

interface LoginLocationState {
  from?: string;
  sessionExpired?: boolean;
}

/** Returns the in-app path to open after sign-in, ignoring anything that is not a local path. */
function targetAfterLogin(state: unknown): string {
  const from = (state as LoginLocationState | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('app.shell.document-title', { page: t('auth.login.title') }));
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const target = targetAfterLogin(location.state);
  const sessionExpired = Boolean((location.state as LoginLocationState | null)?.sessionExpired);

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ email?: boolean; password?: boolean }>({});

  // A visitor whose session is still live goes straight in. This also avoids posting the login
  // form with a live session cookie, which the server rejects for lack of a CSRF token.
  const existingSession = useQuery({
    queryKey: queryKeys.me,
    queryFn: ({ signal }) => fetchMe(signal),
    retry: false,
  });

  const loginMutation = useMutation({
    mutationFn: () => login(email.trim(), password),
    onSuccess: async (me) => {
      queryClient.setQueryData(queryKeys.me, me);
      await navigate(target, { replace: true });
    },
  });

  if (existingSession.data) return <Navigate to={target} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const nowMissing = { email: email.trim() === '', password: password === '' };
    setMissing(nowMissing);
    if (nowMissing.email || nowMissing.password) return;
    loginMutation.mutate();
  };

  return (
    <Box className="login-background">
      <Group justify="flex-end" p="md">
        <LanguageSwitch />
      </Group>
      <Center px="md" pb={80} pt={24}>
        <Stack w="100%" maw={420} gap="xl">
          <Stack align="center" gap={8}>
            <Logo size={48} textSize={30} />
            <Text c="dimmed" ta="center" size="sm" maw={360}>
              {t('auth.login.tagline')}
            </Text>
          </Stack>

          <Paper component="main" withBorder shadow="sm" p={32} radius="lg">
            <form onSubmit={submit} noValidate>
              <Stack gap="md">
                <Title order={1} fz={22} fw={650}>
                  {t('auth.login.title')}
                </Title>
                {sessionExpired && !loginMutation.isError && (
                  <Alert color="blue" variant="light" icon={<IconInfoCircle size={20} aria-hidden />}>
                    {t('auth.login.session-expired')}
                  </Alert>
                )}
                <TextInput
                  label={t('auth.login.email-label')}
                  type="email"
                  autoComplete="username"
                  value={email}
                  onChange={(event) => setEmail(event.currentTarget.value)}
                  error={missing.email ? t('common.form.required') : undefined}
                  withAsterisk
                  data-autofocus
                  autoFocus
                />
                <PasswordInput
                  label={t('auth.login.password-label')}
                  autoComplete="current-password"
                  value={password}
                  onChange={(event) => setPassword(event.currentTarget.value)}
                  error={missing.password ? t('common.form.required') : undefined}
                  withAsterisk
                />
                <ErrorAlert error={loginMutation.error} />
                <Button
                  type="submit"
                  size="md"
                  fullWidth
                  loading={loginMutation.isPending}
                  leftSection={<IconLogin2 size={18} aria-hidden />}
                >
                  {t('auth.login.submit-button')}
                </Button>
              </Stack>
            </form>
          </Paper>

          <Text c="dimmed" size="xs" ta="center">
            {t('auth.login.footer')}
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
