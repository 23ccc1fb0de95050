import { Box, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DPE_CLASSES, type DpeClass } from '../api/types';
import { DPE_CLIMATE_COLORS, DPE_ENERGY_COLORS } from './labels';

/**
 * Draws a DPE label as the seven classes A to G in their colours, with the building's class
 * enlarged and outlined. A null class leaves every letter pale.
 */
export function DpeScale({ kind, value }: { kind: 'energy' | 'climate'; value: DpeClass | null }) {
  const { t } = useTranslation();
  const colors = kind === 'energy' ? DPE_ENERGY_COLORS : DPE_CLIMATE_COLORS;
  const title =
    kind === 'energy' ? t('performance.indicators.dpe-energy') : t('performance.indicators.dpe-climate');
  return (
    <Stack gap={6}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.03em' }}>
        {title}
      </Text>
      <Group
        gap={4}
        wrap="nowrap"
        role="img"
        aria-label={
          value === null
            ? t('performance.indicators.dpe-none', { label: title })
            : t('performance.indicators.dpe-class', { label: title, value })
        }
        data-dpe={kind}
        data-value={value ?? ''}
      >
        {DPE_CLASSES.map((letter) => {
          const active = letter === value;
          return (
            <Box
              key={letter}
              aria-hidden
              style={{
                width: active ? 40 : 26,
                height: active ? 40 : 26,
                borderRadius: 6,
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'center',
                fontWeight: 700,
                fontSize: active ? 20 : 13,
                background: colors[letter].background,
                color: colors[letter].text,
                opacity: value === null || active ? 1 : 0.35,
                outline: active ? '3px solid #212529' : undefined,
                outlineOffset: 1,
              }}
            >
              {letter}
            </Box>
          );
        })}
      </Group>
    </Stack>
  );
}
