import { startHost, testConfig, type HostProcess } from '../support/browser-host-process';
import { demoStaffGroupId } from '../support/fake-graph/demo-users';
import type { FakeGraph } from '../support/fake-graph/fake-graph';

/** The browser host's config and environment for Entra ID through the local Graph, reached only through config. */
export const graphHost = (fake: FakeGraph) => ({
  config: { ...testConfig, backend: { type: 'graph', graph: { ...fake.graphSection('GRAPH_CLIENT_SECRET'), userFilter: demoStaffGroupId } } },
  env: { GUICHET_SECRET_GRAPH_CLIENT_SECRET: fake.clientSecret },
});

export const startGraphHost = (fake: FakeGraph): Promise<HostProcess> => {
  const { config, env } = graphHost(fake);
  return startHost(config, undefined, env);
};
