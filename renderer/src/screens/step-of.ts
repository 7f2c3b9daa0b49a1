import type { Step, StepName } from '../../../shared/steps';

/** The data of one step, for that step's screen. */
export type StepOf<N extends StepName> = Extract<Step, { name: N }>;
