import { useEffect, useMemo, useState } from 'react';

/** zxcvbn's score: 0 (guessable in a few tries) to 4 (very unguessable). */
export type Score = 0 | 1 | 2 | 3 | 4;
type Estimate = (password: string, userInputs: string[]) => Score;

let loaded: Estimate | undefined;
let loading: Promise<Estimate> | undefined;

/**
 * The l33t matcher re-runs the dictionaries on every combination of up to this many substitutions, which explodes
 * on long passwords with digits and symbols (hundreds of ms per keystroke at zxcvbn-ts's default of 100). One
 * substitution keeps "P@ssw0rd"-style spellings recognized and every estimate within a frame (npm run bench, row 6);
 * the main side's password policy checks substitutions on its own anyway.
 */
export const l33tMaxSubstitutions = 1;

/** zxcvbn and its French, English and common dictionaries (several hundred kB) load only on the password step. */
export const createEstimator = async (tuning: { l33tMaxSubstitutions: number } = { l33tMaxSubstitutions }): Promise<Estimate> => {
  const [core, common, en, fr] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
    import('@zxcvbn-ts/language-fr'),
  ]);
  const zxcvbn = new core.ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
    ...tuning,
  });
  return (password, userInputs) => zxcvbn.check(password, userInputs).score as Score;
};

export const loadStrength = (): Promise<Estimate> => (loading ??= createEstimator().then((estimate) => (loaded = estimate)));

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
