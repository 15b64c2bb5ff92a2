/**
 * The keyword spotter's CI training: one held-out speaker and fewer epochs than the bench, sized so
 * the package's whole `vitest run` stays inside its budget on a 2-core machine. The floor is set from
 * measurements of this exact setting (see README "Keyword spotting"), with a margin.
 */
export const QUALITY_FLOOR_SPEAKER = 'george';
export const UNSEEN_SPEAKER_FLOOR = 0.55;
export const CI_TRAINING = { epochs: 12, learningRate: 2e-3, batchSize: 32, seed: 7 } as const;
/** The base model of the enrolment test (digits 0-8, four speakers' takes 0-29). */
export const ENROL_BASE_TRAINING = { epochs: 15, learningRate: 2e-3, batchSize: 32, seed: 3 } as const;
