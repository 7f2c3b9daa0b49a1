import { useEffect, useState } from 'react';

type PolicyModule = typeof import('../../../shared/password-policy');

let loaded: PolicyModule | undefined;
let loading: Promise<PolicyModule> | undefined;

/** The policy engine (with its banned-password list) loads with the recovery screens, not the first screen. */
export const loadPasswordPolicy = (): Promise<PolicyModule> =>
  (loading ??= import('../../../shared/password-policy').then((policy) => (loaded = policy)));

export const usePasswordPolicy = (): PolicyModule | undefined => {
  const [policy, setPolicy] = useState<PolicyModule | undefined>(() => loaded);
  useEffect(() => {
    if (policy) return;
    let live = true;
    void loadPasswordPolicy().then((module) => {
      if (live) setPolicy(module);
    });
    return () => {
      live = false;
    };
  }, [policy]);
  return policy;
};
