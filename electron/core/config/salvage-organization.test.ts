import { describe, expect, it } from 'vitest';
import { salvageOrganization } from './salvage-organization';

describe('salvageOrganization', () => {
  it('keeps the keys a valid organization block sets', () => {
    const organization = { name: 'Université Hassan II', domain: 'uh2c.ma', helpdesk: { email: 'aide@uh2c.ma' }, primaryColor: '#004080' };
    expect(salvageOrganization({ kiosk: { idleSeconds: 'soon' }, organization })).toEqual(organization);
  });

  it('never fills in the demo university for what the file leaves out', () => {
    expect(salvageOrganization({ organization: { name: 'Université Hassan II' } })).toEqual({ name: 'Université Hassan II', domain: '', helpdesk: {} });
  });

  it.each([
    ['no organization block', { kiosk: {} }],
    ['an organization block with an unknown key', { organization: { name: 'U', helpdesk: { fax: '1' } } }],
    ['an organization that is not an object', { organization: 'U' }],
    ['a file that is not an object', ['organization']],
    ['nothing read', undefined],
  ])('names nobody for %s', (_, raw) => {
    expect(salvageOrganization(raw)).toEqual({ name: '', domain: '', helpdesk: {} });
  });
});
