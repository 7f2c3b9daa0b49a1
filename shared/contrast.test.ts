import { describe, expect, it } from 'vitest';
import { contrastRatio, formatRatio, isHexColor, minimumTextContrast, relativeLuminance } from './contrast';

describe('contrast with white text', () => {
  // Reference values from the WCAG definition (and WebAIM's contrast checker).
  it.each([
    ['#000000', 21, '21.00:1', true],
    ['#ffffff', 1, '1.00:1', false],
    ['#0067b8', 5.78, '5.78:1', true],
    ['#767676', 4.54, '4.54:1', true],
    ['#777777', 4.48, '4.47:1', false],
    ['#0000ff', 8.59, '8.59:1', true],
    ['#008000', 5.14, '5.13:1', true],
    ['#ff0000', 4.0, '3.99:1', false],
    ['#00FF00', 1.37, '1.37:1', false],
    ['#E60000', 4.81, '4.81:1', true],
  ])('%s on white: %f (%s), enough: %s', (color, ratio, shown, enough) => {
    const measured = contrastRatio(color, '#ffffff');
    expect(measured).toBeCloseTo(ratio, 2);
    expect(formatRatio(measured)).toBe(shown);
    expect(measured >= minimumTextContrast).toBe(enough);
  });

  it('does not depend on the order of the two colors', () => {
    expect(contrastRatio('#ffffff', '#0067b8')).toBe(contrastRatio('#0067b8', '#ffffff'));
  });

  it('luminance runs from 0 (black) to 1 (white)', () => {
    expect(relativeLuminance('#000000')).toBe(0);
    expect(relativeLuminance('#ffffff')).toBe(1);
    // Below the sRGB knee the curve is linear: 10/255/12.92 for each channel.
    expect(relativeLuminance('#0a0a0a')).toBeCloseTo(10 / 255 / 12.92, 10);
  });

  it('takes only #rrggbb', () => {
    expect(isHexColor('#0067b8')).toBe(true);
    for (const bad of ['0067b8', '#06b', '#0067b8ff', 'blue', '#gg67b8']) {
      expect(isHexColor(bad)).toBe(false);
      expect(() => relativeLuminance(bad)).toThrow(/#rrggbb/);
    }
  });
});
