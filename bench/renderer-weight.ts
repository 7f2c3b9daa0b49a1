import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { repo } from './machine';
import type { Figure, Outcome } from './report';
import { buildRendererWithManifest, type Manifest } from './vite-build';

export type Weight = { raw: number; gzip: number };
export type ChunkWeight = Weight & { file: string; label: string };

/** The issue's goal, in kB of 1,000 bytes (the stricter reading of "KB"). */
const firstScreenGoal = 150_000;

const kB = (bytes: number) => Number((bytes / 1000).toFixed(1));

/** gzip at zlib's default level, what a web server or an asar-less CDN would send. */
function weigh(bytes: Buffer): Weight {
  return { raw: bytes.length, gzip: gzipSync(bytes).length };
}

const labels: [RegExp, string][] = [
  [/@zxcvbn-ts\/core\//, 'password strength engine (zxcvbn-ts core)'],
  [/@zxcvbn-ts\/language-common\//, 'password dictionary: common words, names, keyboard graphs'],
  [/@zxcvbn-ts\/language-en\//, 'password dictionary: English'],
  [/@zxcvbn-ts\/language-fr\//, 'password dictionary: French'],
  [/shared\/phone\.ts$/, 'phone rules and metadata (libphonenumber-js/mobile)'],
  [/shared\/password-policy\.ts$/, 'password rules and banned passwords'],
];
const dictionary = /@zxcvbn-ts\//;

const labelOf = (src: string): string => labels.find(([pattern]) => pattern.test(src))?.[1] ?? src;

/** Every chunk a key's static imports pull in, the key included. */
function staticClosure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) staticClosure(manifest, dep, seen);
  return seen;
}

export type WeightReport = {
  firstScreen: { files: string[] } & Weight;
  lazy: ChunkWeight[];
  locales: ChunkWeight[];
  dictionariesInFirstScreen: string[];
};

/** What the first screen loads (index.html, the entry chunk, its static imports and their CSS) and what loads later. */
function analyze(outDir: string, manifest: Manifest): WeightReport {
  const file = (name: string) => fs.readFileSync(path.join(outDir, name));
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (!entry) throw new Error('the manifest has no entry');
  const first = staticClosure(manifest, entry);
  const firstFiles = ['index.html'];
  for (const key of first) {
    const chunk = manifest[key]!;
    firstFiles.push(chunk.file, ...(chunk.css ?? []));
  }
  const unique = [...new Set(firstFiles)];
  const bytes = unique.map(file);
  const total = bytes.reduce((sum, b) => sum + b.length, 0);
  // Files travel apart, so their gzip sizes add up; one gzip of everything would undercount.
  const gzip = bytes.reduce((sum, b) => sum + weigh(b).gzip, 0);

  const lazy: ChunkWeight[] = [];
  for (const [key, chunk] of Object.entries(manifest)) {
    if (first.has(key)) continue;
    lazy.push({ file: chunk.file, label: labelOf(chunk.src ?? key), ...weigh(file(chunk.file)) });
  }
  lazy.sort((a, b) => b.gzip - a.gzip);

  // French, every language's fallback, is bundled into the entry chunk (renderer/src/i18n/i18n.ts, eager glob); the other
  // locales are dynamic imports, loaded when a view needs them, and so are among the lazy chunks too. Each as minified JSON.
  const localeDir = path.join(repo, 'shared/locales');
  const locales = fs
    .readdirSync(localeDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const minified = Buffer.from(JSON.stringify(JSON.parse(fs.readFileSync(path.join(localeDir, f), 'utf8'))));
      return { file: `shared/locales/${f}`, label: `locale ${f.replace('.json', '')} (${f === 'fr.json' ? 'inside the first screen' : 'lazy, when chosen'})`, ...weigh(minified) };
    });

  const dictionariesInFirstScreen = [...first].filter((k) => dictionary.test(manifest[k]!.src ?? k));
  return { firstScreen: { files: unique, raw: total, gzip }, lazy, locales, dictionariesInFirstScreen };
}

export async function rendererWeight(): Promise<Outcome & { report: WeightReport }> {
  const { outDir, manifest } = await buildRendererWithManifest();
  try {
    const report = analyze(outDir, manifest);
    const shipped = fs.existsSync(path.join(repo, 'out/renderer/assets')) ? fs.readdirSync(path.join(repo, 'out/renderer/assets')).sort() : [];
    const built = fs.readdirSync(path.join(outDir, 'assets')).sort();
    const figures: Figure[] = [
      { name: 'first screen, gzip', unit: 'kB', value: kB(report.firstScreen.gzip), note: report.firstScreen.files.join(', ') },
      { name: 'first screen, raw', unit: 'kB', value: kB(report.firstScreen.raw) },
      ...report.lazy.flatMap((c): Figure[] => [{ name: `lazy: ${c.label}, gzip`, unit: 'kB', value: kB(c.gzip), note: `${c.file}, ${kB(c.raw)} kB raw` }]),
      ...report.locales.map((c): Figure => ({ name: `${c.label}, gzip`, unit: 'kB', value: kB(c.gzip), note: `${kB(c.raw)} kB raw` })),
    ];
    const lazyDictionaries = report.lazy.filter((c) => c.label.startsWith('password dictionary') || c.label.startsWith('password strength'));
    const met = report.firstScreen.gzip <= firstScreenGoal && report.dictionariesInFirstScreen.length === 0 && lazyDictionaries.length > 0;
    const notes = [
      'Sizes from a build of the renderer with the project\'s vite.config.ts plus a manifest (to name each chunk); gzip at zlib\'s default level, per file; 1 kB = 1,000 bytes.',
      `Dictionaries: ${report.dictionariesInFirstScreen.length === 0 ? 'none in the first screen\'s static imports; they are dynamic imports' : `IN THE FIRST SCREEN: ${report.dictionariesInFirstScreen.join(', ')}`} (renderer/src/password/strength-estimate.ts, loaded by the strength worker on the password step only). Row 2 checks that the browser does not fetch them on the home screen.`,
      'Locales (renderer/src/i18n/i18n.ts): French, the fallback, is bundled into the entry chunk, so its size is a share of the first screen; the others are lazy chunks loaded when a view needs that language.',
    ];
    if (shipped.length && shipped.join() !== built.join()) notes.push(`out/renderer differs from this build (${shipped.join(', ')}): run node scripts/ensure-renderer.mjs`);
    const headline = `first screen ${kB(report.firstScreen.gzip)} kB gzip; dictionaries lazy: ${report.dictionariesInFirstScreen.length === 0 ? 'yes' : 'no'}`;
    return { met, headline, figures, notes, report };
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}
