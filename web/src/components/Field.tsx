import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Label above a value on detail pages. */
export function Field({
  label,
  children,
  fullWidth = false,
}: {
  label: string;
  children: ReactNode;
  /** Spans every column of the surrounding grid. */
  fullWidth?: boolean;
}) {
  return (
    <Stack gap={2} style={fullWidth ? { gridColumn: '1 / -1' } : undefined}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.03em' }}>
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

/** Dimmed dash for a value the API does not know. */
export function NoValue() {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed">
      {t('common.value.none')}
    </Text>
  );
}
