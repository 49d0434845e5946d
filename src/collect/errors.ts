/** The Docker daemon could not be reached: the audit cannot run (exit code 3). One line naming the endpoint. */
export class DaemonUnreachableError extends Error {
  override name = "DaemonUnreachableError";
}

/**
 * `--docker-host` / DOCKER_HOST names something we cannot connect to (an ssh:// or npipe:// URL, a relative
 * socket path): bad usage, exit code 2. Collectors may not import the engine's UsageError, so the CLI maps it.
 */
export class InvalidDockerHostError extends Error {
  override name = "InvalidDockerHostError";
}
