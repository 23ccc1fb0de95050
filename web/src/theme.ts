import { createTheme, type MantineColorsTuple } from '@mantine/core';

/**
 * Petrol blue-green of the product. Shade 7, used for filled buttons, has a 5.6:1 contrast ratio with
 * white, above the 4.5:1 that WCAG AA requires for text.
 */
const energy: MantineColorsTuple = [
  '#e6f6f7',
  '#cdeaed',
  '#9dd4da',
  '#68bcc5',
  '#3ea7b3',
  '#2299a6',
  '#0f8795',
  '#0b727d',
  '#085e68',
  '#054a52',
];

export const theme = createTheme({
  primaryColor: 'energy',
  primaryShade: 7,
  colors: { energy },
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
  headings: { fontWeight: '650' },
  components: {
    Table: { defaultProps: { verticalSpacing: 'sm', horizontalSpacing: 'md' } },
    Paper: { defaultProps: { radius: 'md' } },
    Modal: {
      defaultProps: { radius: 'md', overlayProps: { backgroundOpacity: 0.45 } },
      styles: { title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } },
    },
  },
});
