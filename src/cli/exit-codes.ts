/** The exit-code contract (README "Exit codes"). */
export const EXIT = {
  ok: 0,
  /** A scored check failed (or a gate failed). */
  failed: 1,
  /** Bad usage, or a bad config or snapshot file. */
  usage: 2,
  /** The daemon could not be reached, or collection failed. */
  collection: 3,
  /** fleet: at least one host could not be audited (unreachable, refused, timed out); the others were. */
  notAudited: 4,
} as const;
