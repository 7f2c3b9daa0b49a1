import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphBackend, type GraphBackend } from '../../../electron/core/backends/graph/graph-backend';
import { systemClock } from '../../../electron/core/clock';
import { graphSection } from '../../../electron/core/config/sections/graph';
import { createHarness } from '../../support/broker-harness';
import { checkVariantRelations, strangerNames } from '../../support/enumeration-property';
import { demoUsers } from '../../support/fake-graph/demo-users';
import { startFakeGraph, type FakeGraph } from '../../support/fake-graph/fake-graph';

let fake: FakeGraph;
let backend: GraphBackend;

beforeAll(async () => {
  fake = await startFakeGraph({
    users: [...demoUsers, { userPrincipalName: 'fiona.roy@univ-demo.ma', displayName: 'Fiona Roy', mail: 'fiona.roy@univ-demo.ma', password: 'Bienvenue2025!' }],
  });
  backend = createGraphBackend({
    graph: graphSection.parse(fake.graphSection()),
    secrets: { clientSecret: fake.clientSecret },
    defaultCountry: 'MA',
    clock: systemClock,
    sleeper: async () => {},
  });
});

afterAll(async () => {
  await backend?.close();
  await fake?.stop();
});

describe('enumeration on Entra ID (the local Graph service)', () => {
  it('reads an unknown name\'s decoy methods at a well-formed object id, and never puts what was typed in a path', async () => {
    const h = await createHarness({ organization: { domain: 'univ-demo.ma' } }, { backend });
    const v = h.visitor();
    await v.act('home.recover');
    const before = fake.state.requests.length;
    const r = await v.act('recovery.identify', { identifier: 'x/../../../beta/groups', captcha: '' });
    expect(r.ok).toBe(true);
    const paths = fake.state.requests.slice(before).map((q) => q.path);
    // Every request stays on /users: what was typed is one encoded segment at most, never a path of its own.
    const graphPaths = paths.filter((p) => p.startsWith('/v1.0/'));
    expect(graphPaths.length).toBeGreaterThan(0);
    for (const p of graphPaths) expect(p).toMatch(/^\/v1\.0\/users(\/[^/]+(\/authentication\/(phone|email)Methods)?)?$/);
    const decoyReads = paths.filter((p) => p.includes('/authentication/'));
    expect(decoyReads).toHaveLength(2);
    for (const p of decoyReads) expect(p).toMatch(/\/users\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\/authentication\//);
  });

  it('relates every pair of spellings of a real account and of an unknown name the same way', async () => {
    const h = await createHarness(
      { organization: { domain: 'univ-demo.ma', otherDomains: ['old.univ-demo.ma'] }, security: { throttles: { identifyPerDevice: { max: 100_000 } } } },
      { backend, decoyKey: Buffer.from('graph enumeration test fleet key, 32 chars+', 'utf8') },
    );
    const { pairs, same } = await checkVariantRelations({
      harness: h,
      backend,
      realName: 'fiona.roy',
      domains: { own: 'univ-demo.ma', other: 'old.univ-demo.ma', netbios: 'UNIVDEMO' },
      unknownNames: strangerNames,
      numRuns: 80,
    });
    expect(pairs).toBe(80);
    expect(same).toBeGreaterThan(5);
    expect(pairs - same).toBeGreaterThan(5);
  }, 180_000);
});
