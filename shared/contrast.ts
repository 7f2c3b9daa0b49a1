/** WCAG 2.x contrast between colors written `#rrggbb` (the form the config accepts). */

/** What normal-size text needs (WCAG 2.2 AA, 1.4.3): the primary color carries white button labels. */
export const minimumTextContrast = 4.5;

const hexColor = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i;

export const isHexColor = (color: string): boolean => hexColor.test(color);

const linear = (channel: number): number => {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

/** Relative luminance: 0 for black, 1 for white. */
export function relativeLuminance(color: string): number {
  const match = hexColor.exec(color);
  if (!match) throw new Error(`not a #rrggbb color: ${color}`);
  const [r, g, b] = match.slice(1).map((h) => linear(parseInt(h, 16))) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** From 1 (same luminance) to 21 (black on white); the order of the two colors does not matter. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * "4.48:1". Rounded down, so that a color refused for being under 4.5:1 is never described as "4.50:1".
 */
export const formatRatio = (ratio: number): string => `${(Math.floor(ratio * 100) / 100).toFixed(2)}:1`;
