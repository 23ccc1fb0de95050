import { Button, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../components/PageHeader';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('app.not-found.title')} />
      <Paper withBorder p="xl" radius="md" maw={640}>
        <Stack align="flex-start">
          <Text>{t('app.not-found.message')}</Text>
          <Button component={Link} to="/">
            {t('app.not-found.home-button')}
          </Button>
        </Stack>
      </Paper>
    </>
  );
}
