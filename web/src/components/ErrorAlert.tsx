import { Alert, List } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { errorMessage, fieldProblemMessage } from '../api/error-messages';

/**
 * Shows why a request failed. Field problems for fields the form does not display (listed in
 * `shownFields`) are listed here, so no rejected value goes unexplained.
 */
export function ErrorAlert({ error, shownFields = [] }: { error: unknown; shownFields?: string[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  const otherFields =
    error instanceof ApiError
      ? Object.entries(error.fields).filter(([field]) => !shownFields.includes(field))
      : [];
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={20} aria-hidden />} role="alert">
      {errorMessage(t, error)}
      {otherFields.length > 0 && (
        <List size="sm" mt="xs">
          {otherFields.map(([field, message]) => (
            <List.Item key={field}>
              {t('errors.field.named', { field, problem: fieldProblemMessage(t, message) })}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
