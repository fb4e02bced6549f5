import { type CSSVariablesResolver, createTheme } from '@mantine/core'

// Colours are chosen for WCAG AA contrast: filled buttons use blue-8 (#1971c2, 5:1 on white text)
// instead of Mantine's default blue-6 (3.5:1), links use the same shade, "dimmed" text uses gray-7
// and validation errors red-9 (#c92a2a) instead of red-6 (3.3:1).
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 4 },
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '700' },
  defaultRadius: 'md',
  focusRing: 'auto',
})

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-anchor': 'var(--mantine-color-blue-8)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    // Text of "light" variants (alert titles, badges): Mantine's green/orange/yellow shade 9 is below 4.5:1.
    '--mantine-color-green-light-color': '#1e6b2f',
    '--mantine-color-orange-light-color': '#9a3412',
    '--mantine-color-yellow-light-color': '#7a4a00',
  },
  dark: {},
})
