// The only I/O of a Compose audit besides --docker-host: reading the Compose files, the .env file and the files they
// name (extends.file, env_file). User input, not the audited host: regular files only (never a FIFO, device or
// directory), at most MAX_BYTES each, `-` for standard input. Messages never quote a file's content.
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from "node:fs";
import { isAbsolute, join, normalize } from "node:path/posix";
import { ComposeError, printable } from "./errors.js";
import { displayName, type ComposeText } from "./load.js";

export const MAX_BYTES = 4 * 1024 * 1024;

/** A regular file's text (at most MAX_BYTES), or an Error whose message says why not ("is missing", "is a FIFO…"). */
export function readUserFile(path: string): string {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === "ENOENT" ? "is missing" : `cannot be read (${code ?? "error"})`);
  }
  if (!st.isFile()) throw new Error(`is not a regular file (${st.isDirectory() ? "a directory" : st.isFIFO() ? "a FIFO" : "a special file"})`);
  if (st.size > MAX_BYTES) throw new Error(`is larger than the ${MAX_BYTES / 1024 / 1024} MiB dockaudit reads`);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new Error(`cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  try {
    const again = fstatSync(fd);
    if (!again.isFile()) throw new Error("is not a regular file");
    return readBounded(fd);
  } finally {
    closeSync(fd);
  }
}

function readBounded(fd: number): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.alloc(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EAGAIN") continue;
      if ((e as NodeJS.ErrnoException).code === "EOF") break;
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (total > MAX_BYTES) throw new Error(`is larger than the ${MAX_BYTES / 1024 / 1024} MiB dockaudit reads`);
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString("utf8");
}

export interface ComposeInputs {
  files: ComposeText[];
  dotEnv?: { name: string; text: string };
}

/**
 * The Compose files named by --compose (in order; "-" is standard input, at most once) and the .env file: --env-file's,
 * else the project directory's .env when it exists (the project directory is the first file's, else the working one).
 */
export function readComposeInputs(names: string[], cwd: string, envFile?: string, stdin: () => string = () => readBounded(0)): ComposeInputs {
  let stdinUsed = false;
  const files = names.map((n): ComposeText => {
    if (n === "-") {
      if (stdinUsed) throw new ComposeError("--compose - (standard input) can be given once");
      stdinUsed = true;
      return { name: "-", path: join(cwd, "-"), text: stdin() };
    }
    const path = isAbsolute(n) ? normalize(n) : normalize(join(cwd, n));
    try {
      return { name: displayName(path, cwd), path, text: readUserFile(path) };
    } catch (e) {
      throw new ComposeError(`Compose file ${printable(n)} ${(e as Error).message}`);
    }
  });
  const first = files[0];
  const projectDir = first && first.name !== "-" ? first.path.slice(0, first.path.lastIndexOf("/")) || "/" : cwd;
  if (envFile !== undefined) {
    const path = isAbsolute(envFile) ? envFile : join(cwd, envFile);
    try {
      return { files, dotEnv: { name: displayName(path, cwd), text: readUserFile(path) } };
    } catch (e) {
      throw new ComposeError(`--env-file ${printable(envFile)} ${(e as Error).message}`);
    }
  }
  const dotEnvPath = join(projectDir, ".env");
  try {
    return { files, dotEnv: { name: displayName(dotEnvPath, cwd), text: readUserFile(dotEnvPath) } };
  } catch (e) {
    if ((e as Error).message === "is missing") return { files };
    throw new ComposeError(`${displayName(dotEnvPath, cwd)} ${(e as Error).message}`);
  }
}
