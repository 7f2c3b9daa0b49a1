import { useEffect, useMemo, useState } from 'react';

/** zxcvbn's score: 0 (guessable in a few tries) to 4 (very unguessable). */
export type Score = 0 | 1 | 2 | 3 | 4;
type Estimate = (password: string, userInputs: string[]) => Score;

let loaded: Estimate | undefined;
let loading: Promise<Estimate> | undefined;

/** zxcvbn and its French, English and common dictionaries (several hundred kB) load only on the password step. */
export const loadStrength = (): Promise<Estimate> =>
  (loading ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
    import('@zxcvbn-ts/language-fr'),
  ]).then(([core, common, en, fr]) => {
    core.zxcvbnOptions.setOptions({
      dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
      // The l33t matcher re-runs the dictionaries on every combination of up to this many substitutions, which
      // explodes on long passwords with digits and symbols (hundreds of ms per keystroke at the default 100).
      // One substitution keeps "P@ssw0rd"-style spellings recognized and every estimate within a frame
      // (npm run bench, row 6); the main side's password policy checks substitutions on its own anyway.
      l33tMaxSubstitutions: 1,
    });
    return (loaded = (password, userInputs) => core.zxcvbn(password, userInputs).score);
  }));

/** The live strength of a candidate password; undefined while empty or while the dictionaries load. */
export const useStrength = (password: string, userInputs: string[]): Score | undefined => {
  const [estimate, setEstimate] = useState<Estimate | undefined>(() => loaded);
  useEffect(() => {
    if (estimate) return;
    let live = true;
    void loadStrength().then((fn) => {
      if (live) setEstimate(() => fn);
    });
    return () => {
      live = false;
    };
  }, [estimate]);
  const key = userInputs.join('\n');
  return useMemo(
    () => (estimate && password ? estimate(password, key.split('\n').filter(Boolean)) : undefined),
    [estimate, password, key],
  );
};
