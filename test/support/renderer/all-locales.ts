import type { Resources } from '../../../renderer/src/i18n/i18n';

const files = import.meta.glob<Record<string, unknown>>('../../../shared/locales/*.json', { eager: true, import: 'default' });

/** Every language's texts at once, for tests that render or compare all of them. */
export const allResources: Resources = Object.fromEntries(
  Object.entries(files).map(([path, translation]) => [path.replace(/^.*\/|\.json$/g, ''), { translation }]),
);
