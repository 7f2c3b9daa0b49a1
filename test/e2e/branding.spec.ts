import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testConfig } from '../support/browser-host-process';
import { expect, test } from './fixtures';

const logo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-logo-')), 'logo.svg');
fs.writeFileSync(logo, '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#7a1f5c"/></svg>');

test.use({ hostConfig: { ...testConfig, organization: { ...testConfig.organization, logo, primaryColor: '#7a1f5c' } } });

test('shows the logo from the config file and uses its primary color, within the CSP', async ({ app }) => {
  const image = app.locator('img.logo');
  await expect(image).toHaveAttribute('src', /^data:image\/svg\+xml;base64,/);
  // Decoded, not blocked: the fixture also fails the test on any CSP report.
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(40);
  await expect(app.getByRole('button', { name: 'Se connecter' })).toHaveCSS('background-color', 'rgb(122, 31, 92)');
});
