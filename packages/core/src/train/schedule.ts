/**
 * Learning rate at `step` (0-based): linear warm-up from 0 to `peak` over `warmupSteps`, then cosine
 * decay to `minLearningRate` at `totalSteps`. Warm-up keeps early Adam steps (noisy second moments)
 * small; cosine decay is the schedule most Transformer recipes settle on.
 */
export function warmupCosine(
  step: number,
  peak: number,
  warmupSteps: number,
  totalSteps: number,
  minLearningRate = 0,
): number {
  if (warmupSteps > 0 && step < warmupSteps) return (peak * (step + 1)) / warmupSteps;
  const decaySteps = Math.max(1, totalSteps - warmupSteps);
  const progress = Math.min(1, (step - warmupSteps) / decaySteps);
  return minLearningRate + 0.5 * (peak - minLearningRate) * (1 + Math.cos(Math.PI * progress));
}
