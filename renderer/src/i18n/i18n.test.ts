import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { errorCodes, errorReasons, policyReasons } from '../../../shared/errors';
import { stepNames } from '../../../shared/steps';
import { idleRules } from '../components/password-rules';
import { allResources as resources } from '../../../test/support/renderer/all-locales';
import { createI18n, directionOf, endonym, loadLanguage } from './i18n';

type Tree = { [key: string]: string | Tree };

/** Every leaf key of the renderer's texts; `message` (delivered messages) and `report` (audit report) are the main side's. */
const mainSide = new Set(['message', 'report']);
const leaves = (tree: Tree, prefix = ''): Map<string, string> => {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (!prefix && mainSide.has(key)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
};

const languages = Object.keys(resources);
const texts = Object.fromEntries(languages.map((code) => [code, leaves(resources[code].translation as Tree)])) as Record<string, Map<string, string>>;
const french = texts.fr!;

const sources = import.meta.glob(['../**/*.ts', '../**/*.tsx', '!../**/*.test.ts', '!../**/*.test.tsx'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;
const code = Object.values(sources).join('\n');

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('locale files', () => {
  it('fr, en and ar have exactly the same keys, none empty, with the same placeholders', () => {
    for (const code of languages) {
      expect([...texts[code]!.keys()].sort()).toEqual([...french.keys()].sort());
      for (const [key, value] of texts[code]!) {
        expect(value.trim(), `${code}:${key}`).not.toBe('');
        expect(placeholders(value), `${code}:${key}`).toEqual(placeholders(french.get(key)!));
      }
    }
  });

  it('every error code, reason, policy reason, rule and step has its text', () => {
    const needed = [
      ...errorCodes.map((c) => `error.code.${c}`),
      ...errorReasons.map((r) => `error.reason.${r}`),
      ...policyReasons.map((r) => `policy.reason.${r}`),
      ...idleRules('entra').map((r) => `policy.rule.${r.id}`),
      ...stepNames.map((s) => `help.${s}`),
    ];
    for (const key of needed) expect(french.has(key), key).toBe(true);
  });

  it('every key the code passes to t() exists', () => {
    const named = [...code.matchAll(/\bt\(\s*'([^']+)'/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(50);
    expect(named.filter((key) => !french.has(key))).toEqual([]);
  });

  it('every key is used by the code, by name or through a template such as t(`error.code.${code}`)', () => {
    const prefixes = [...code.matchAll(/`((?:[\w-]+\.)+)\$\{/g)].map((m) => m[1]!);
    const unused = [...french.keys()].filter((key) => !code.includes(`'${key}'`) && !prefixes.some((prefix) => key.startsWith(prefix)));
    expect(unused).toEqual([]);
  });
});

describe('i18n setup', () => {
  it('has a language per locale file', () => {
    expect(languages.sort()).toEqual(['ar', 'en', 'fr']);
  });

  it('Arabic is right to left, the others left to right', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('fr')).toBe('ltr');
    expect(directionOf('en')).toBe('ltr');
  });

  it('names each language in itself', () => {
    expect(endonym('fr')).toBe('Français');
    expect(endonym('en')).toBe('English');
    expect(endonym('ar')).toBe('العربية');
  });

  it('starts with French only and loads another language when asked, once', async () => {
    const i18n = createI18n('fr');
    expect(i18n.hasResourceBundle('ar', 'translation')).toBe(false);
    await loadLanguage(i18n, 'ar');
    await i18n.changeLanguage('ar');
    expect(i18n.t('common.next')).toBe(resources.ar!.translation.common && (resources.ar!.translation.common as Tree).next);
    await loadLanguage(i18n, 'xx');
    expect(i18n.hasResourceBundle('xx', 'translation')).toBe(false);
  });

  it('falls back to French for a key a language would lack, and does not escape what React escapes', async () => {
    const i18n = createI18n('en');
    await loadLanguage(i18n, 'en');
    expect(i18n.t('phone.countryOption', { name: 'A&B', dial: '+1' })).toBe('A&B (+1)');
    i18n.addResource('fr', 'translation', 'only.french', 'seulement');
    expect(i18n.t('only.french')).toBe('seulement');
  });
});

const visibleAttributes = new Set(['alt', 'title', 'placeholder', 'aria-label', 'aria-description', 'aria-valuetext', 'label']);
const letters = /\p{L}/u;

/** Letters in JSX text, in visible attributes, or in a string literal placed as a JSX child. */
const literalTexts = (path: string, source: string): string[] => {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && letters.test(node.text)) found.push(node.text.trim());
    if (ts.isJsxAttribute(node) && visibleAttributes.has(node.name.getText(file)) && node.initializer) {
      const value = node.initializer;
      const literal = ts.isStringLiteral(value)
        ? value
        : ts.isJsxExpression(value) && value.expression && ts.isStringLiteralLike(value.expression)
          ? value.expression
          : undefined;
      if (literal && letters.test(literal.text)) found.push(`${node.name.getText(file)}="${literal.text}"`);
    }
    if (
      ts.isJsxExpression(node) &&
      node.expression &&
      ts.isStringLiteralLike(node.expression) &&
      (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent)) &&
      letters.test(node.expression.text)
    ) {
      found.push(node.expression.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
};

describe('no user-visible literal text in components', () => {
  it('finds literal text where it would be', () => {
    const sample = `export const A = () => (<p title="Salut" aria-label={'Fermer'}>Bonjour <b>{'à vous'}</b>{t('ok')}{' ✓ '}<img alt="" /></p>);`;
    expect(literalTexts('sample.tsx', sample)).toEqual(['title="Salut"', 'aria-label="Fermer"', 'Bonjour', 'à vous']);
  });

  for (const [path, source] of Object.entries(sources).filter(([p]) => p.endsWith('.tsx'))) {
    it(path, () => expect(literalTexts(path, source)).toEqual([]));
  }
});
