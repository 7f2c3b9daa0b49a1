import { describe, expect, it } from 'vitest';
import { renderCaptchaImage } from './image';

function decode(image: string): string {
  const prefix = 'data:image/svg+xml;base64,';
  expect(image.startsWith(prefix)).toBe(true);
  return Buffer.from(image.slice(prefix.length), 'base64').toString('utf8');
}

describe('renderCaptchaImage', () => {
  it.each(['AFHKM', 'XY7R9', 'KRAFT'])('draws %s as outlines only', (answer) => {
    const svg = decode(renderCaptchaImage(answer));
    expect(svg).not.toContain(answer);
    expect(svg).not.toContain(answer.toLowerCase());
    expect(svg).not.toMatch(/<text|<tspan|font-family|<title|<desc|aria-label/i);
    expect(svg.match(/<path fill="#/g)).toHaveLength(answer.length);
  });

  it('lays the drawing on white, with noise curves', () => {
    const svg = decode(renderCaptchaImage('AFHKM'));
    expect(svg).toMatch(/^<svg [^>]*width="220" height="72"[^>]*><rect width="100%" height="100%" fill="#ffffff"\/>/);
    expect(svg.match(/fill="none"/g)).toHaveLength(4);
    expect(svg.endsWith('</svg>')).toBe(true);
  });

  it('draws the same text differently each time', () => {
    expect(renderCaptchaImage('AFHKM')).not.toBe(renderCaptchaImage('AFHKM'));
  });
});
