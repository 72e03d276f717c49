/** An average worker's stars, and how many ratings that prior weighs. */
const PRIOR_STARS = 3;
const PRIOR_WEIGHT = 3;

/**
 * A worker's rating for scoring, 1 to 5, from their customers' stars; null before the first.
 * The stars count against the prior of an average worker (scoring's neutral, 3 stars, worth three
 * ratings), so that one rating, good or bad, does not decide a new worker's place.
 */
export function workerRating(stars: Iterable<number>): number | null {
  let sum = 0;
  let count = 0;
  for (const s of stars) {
    sum += s;
    count++;
  }
  return count === 0 ? null : (sum + PRIOR_STARS * PRIOR_WEIGHT) / (count + PRIOR_WEIGHT);
}
