import { Group, Text } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** Product mark: the favicon's drop and lightning bolt, drawn inline so it scales with the text. */
export function LogoMark({ size = 32 }: { size?: number }) {
  const gradientId = useId();
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id={gradientId} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#1864ab" />
          <stop offset="1" stopColor="#0b8a6e" />
        </linearGradient>
      </defs>
      <rect width="64" height="64" rx="14" fill={`url(#${gradientId})`} />
      <path d="M32 9C24 20 16 29 16 38a16 16 0 0 0 32 0c0-9-8-18-16-29Z" fill="#fff" />
      <path d="M34 22 24 40h8l-3 13 11-19h-8l2-12Z" fill={`url(#${gradientId})`} />
    </svg>
  );
}

/** Product mark followed by the product name. */
export function Logo({ size = 32, textSize = 20 }: { size?: number; textSize?: number }) {
  const { t } = useTranslation();
  return (
    <Group gap={10} wrap="nowrap">
      <LogoMark size={size} />
      <Text fw={700} fz={textSize} c="dark.7" style={{ letterSpacing: '-0.01em' }}>
        {t('app.shell.product-name')}
      </Text>
    </Group>
  );
}
