import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { demoStaffGroupId, demoUsers } from './demo-users';
import { startFakeGraph } from './fake-graph';

/**
 * Starts the local Entra ID with the demo staff and prints a Guichet config that uses it:
 *
 *   npx tsx test/support/fake-graph/run.ts --port 8443 --out /tmp/guichet-graph.json
 *   GUICHET_SECRET_GRAPH_CLIENT_SECRET=… npm run start:browser -- --config /tmp/guichet-graph.json
 *
 * With a fixed --port and --dir the config stays valid across restarts (the CA is rewritten in place).
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    out: { type: 'string' },
    dir: { type: 'string', default: join(tmpdir(), 'guichet-fake-graph') },
  },
});

const dir = resolve(values.dir);
await mkdir(dir, { recursive: true });
const secretName = 'GRAPH_CLIENT_SECRET';
const fake = await startFakeGraph({
  users: demoUsers,
  port: Number(values.port),
  dir,
  // Stable ids, so a config written once keeps working.
  tenantId: 'c0ffee00-1a2b-4c3d-8e4f-5a6b7c8d9e0f',
  clientId: 'a11ce000-9b8a-4c7d-8e6f-5a4b3c2d1e0f',
  clientSecret: 'local~fake-graph-demo-secret',
});

const config = {
  backend: { type: 'graph', graph: { ...fake.graphSection(secretName), userFilter: demoStaffGroupId } },
};
const json = `${JSON.stringify(config, null, 2)}\n`;
if (values.out) await writeFile(resolve(values.out), json);
process.stdout.write(json);

const lines = [
  '',
  `Local Microsoft Entra ID on ${fake.authorityHost} (tenant ${fake.tenantId}), Graph at ${fake.graphBaseUrl}`,
  `CA of its certificate: ${fake.caFile}`,
  "Its sign-in page (enrollment) opens in a popup with that certificate: trust the CA in the browser, or accept its warning once.",
  values.out ? `Config written to ${resolve(values.out)}` : 'Save the JSON above as a config file.',
  'Start Guichet with the client secret in its environment:',
  `  GUICHET_SECRET_${secretName}='${fake.clientSecret}' npm run start:browser -- --config ${values.out ? resolve(values.out) : 'FILE'}`,
  '',
  'Accounts (sign-in page of the local service):',
  ...demoUsers.map((u) => {
    const notes = [
      u.accountEnabled === false ? 'disabled' : '',
      u.directoryRoles?.length ? `${u.directoryRoles.join(', ')}: reset refused` : '',
      u.onPremisesSyncEnabled ? 'synchronized from AD: reset refused' : '',
      u.signInBlocked ? 'sign-in blocked by Conditional Access' : '',
      u.groups?.includes(demoStaffGroupId) ? '' : 'not in the staff group: not served',
    ].filter(Boolean);
    return `  ${u.userPrincipalName.padEnd(30)} ${u.password.padEnd(16)} ${notes.join('; ')}`;
  }),
  '',
  'Ctrl-C stops it.',
];
process.stderr.write(`${lines.join('\n')}\n`);

const stop = () => {
  void fake.stop().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
