// A value a benchmark's own set-up guarantees (a list it filled, a constant table): missing means the benchmark is
// wrong, so it stops with a message instead of measuring something else.
export function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`benchmark set-up: ${what} is missing`);
  return value;
}
