/** The Docker daemon could not be reached: the audit cannot run (exit code 3). */
export class DaemonUnreachableError extends Error {
  override name = "DaemonUnreachableError";
}
