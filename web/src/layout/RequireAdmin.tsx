import { Alert } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { useSession } from '../auth/session';
import { PageHeader } from '../components/PageHeader';

/** Shows the administration pages to platform administrators only. The API enforces the same rule. */
export function RequireAdmin() {
  const { t } = useTranslation();
  const me = useSession();
  if (me.user.isAdmin) return <Outlet />;
  return (
    <>
      <PageHeader title={t('admin.restricted.title')} />
      <Alert color="orange" variant="light" icon={<IconLock size={20} aria-hidden />} maw={720}>
        {t('admin.restricted.message')}
      </Alert>
    </>
  );
}
