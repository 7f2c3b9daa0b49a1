/**
 * Reads an SVG CAPTCHA drawn from a font's outlines: every glyph keeps the font's sequence of path commands whatever
 * its position, size or slant, so that sequence names the character. Trained from challenges whose answers are
 * known (anyone can run the application and read a few by eye).
 */
export type SvgGlyphSolver = { train(image: string, answer: string): void; read(image: string): string | null };

function svgOf(image: string): string | null {
  const prefix = 'data:image/svg+xml;base64,';
  return image.startsWith(prefix) ? Buffer.from(image.slice(prefix.length), 'base64').toString('utf8') : null;
}

/** Filled paths are glyphs, unfilled ones noise; each as (left edge, command letters). */
function glyphs(svg: string): { x: number; signature: string }[] {
  return [...svg.matchAll(/<path fill="#[^"]*" d="([^"]*)"/g)]
    .map(([, d]) => ({ x: Number(/M\s*([\d.]+)/.exec(d)?.[1] ?? 0), signature: d.replace(/[^A-Za-z]/g, '') }))
    .sort((a, b) => a.x - b.x);
}

export function svgGlyphSolver(): SvgGlyphSolver {
  const known = new Map<string, string>();
  return {
    train(image, answer) {
      const svg = svgOf(image);
      if (!svg) return;
      glyphs(svg).forEach((g, i) => known.set(g.signature, answer[i]));
    },
    read(image) {
      const svg = svgOf(image);
      if (!svg) return null;
      const chars = glyphs(svg).map((g) => known.get(g.signature) ?? '?');
      return chars.length > 0 ? chars.join('') : null;
    },
  };
}
