import type { Organization } from '../../../shared/steps';
import { configSchema } from './schema';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whom the out-of-service screen names when the configuration cannot be used: the file's own `organization` block
 * when that block is valid, and only the keys the file sets. The schema's defaults are the demo university's, and
 * sending visitors to a helpdesk that does not exist is worse than naming none.
 */
export function salvageOrganization(raw: unknown): Organization {
  const block = isRecord(raw) ? raw.organization : undefined;
  const parsed = isRecord(block) ? configSchema.shape.organization.safeParse(block) : undefined;
  if (!isRecord(block) || !parsed?.success) return { name: '', domain: '', helpdesk: {} };
  const { name, domain, helpdesk, primaryColor } = parsed.data;
  return {
    name: 'name' in block ? name : '',
    domain: 'domain' in block ? domain : '',
    helpdesk: 'helpdesk' in block ? helpdesk : {},
    ...(primaryColor ? { primaryColor } : {}),
  };
}
