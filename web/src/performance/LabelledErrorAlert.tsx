import { Alert, List } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { errorMessage, fieldProblemMessage } from '../api/error-messages';

/**
 * Shows why a request failed, like the app's error alert. Each field that the form does not display
 * is named by its French label instead of its API name, such as « début de la période de référence »
 * for `baselineFrom`. Fields without a label keep their API name.
 */
export function LabelledErrorAlert({
  error,
  shownFields = [],
  fieldLabels,
}: {
  error: unknown;
  shownFields?: string[];
  fieldLabels: Record<string, string>;
}) {
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
              {t('errors.field.named', {
                field: fieldLabels[field] ?? field,
                problem: fieldProblemMessage(t, message),
              })}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
