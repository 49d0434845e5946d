// Recognises package-manager commands inside a RUN instruction's shell text, command by command, so that
// `apt-get update && apt-get install -y curl` (update with install: compliant) is told apart from a lone
// `apt-get update` — matching the word "update" anywhere (docker-bench-security 4.7) flags both.

interface Manager {
  /** Refreshing the package index or upgrading what is installed: the layer that goes stale when cached. */
  update: readonly string[];
  install: readonly string[];
}

const APT: Manager = { update: ["update", "upgrade", "dist-upgrade", "full-upgrade"], install: ["install", "reinstall"] };
const RPM: Manager = {
  update: ["update", "upgrade", "makecache", "check-update", "update-minimal", "distro-sync"],
  install: ["install", "reinstall", "groupinstall", "localinstall"],
};

const MANAGERS: Record<string, Manager> = {
  "apt-get": APT, apt: APT, aptitude: APT,
  apk: { update: ["update", "upgrade"], install: ["add"] },
  yum: RPM, dnf: RPM, microdnf: RPM, tdnf: RPM,
  zypper: { update: ["refresh", "ref", "update", "up", "dist-upgrade", "dup", "patch"], install: ["install", "in"] },
};

/** Words that may stand before the command itself: `DEBIAN_FRONTEND=noninteractive apt-get …`, `sudo apt …`. */
const PREFIX_WORDS = new Set(["sudo", "command", "exec", "nice", "nohup", "time", "env", "then", "do", "else", "!"]);

export type PackageOp = "update" | "install";

export interface PackageCommand {
  op: PackageOp;
  /** The manager and subcommand, e.g. "apt-get update", "pacman -Sy". */
  command: string;
}

/** Splits shell text into simple commands at `&&`, `||`, `;`, `|`, `&`, newlines and grouping characters. */
export function shellCommands(text: string): string[][] {
  return text
    .replace(/\\\r?\n/g, " ")
    .split(/&&|\|\||[;|&\n(){}]/)
    .map((c) => c.trim().split(/\s+/).filter(Boolean))
    .filter((words) => words.length > 0);
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf("/") + 1);
}

function classify(words: string[]): PackageCommand | undefined {
  let afterPrefix = false;
  // The command word: the first that is not a prefix (sudo, env, …), a VAR=value, or an option of a prefix.
  const found = words.findIndex((w) => {
    if (PREFIX_WORDS.has(w)) {
      afterPrefix = true;
      return false;
    }
    return !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) && !(afterPrefix && w.startsWith("-"));
  });
  const i = found < 0 ? words.length : found;
  const word = words[i];
  const name = word === undefined ? "" : basename(word);
  const rest = words.slice(i + 1);
  if (name === "pacman") {
    const sync = rest.find((w) => /^-S[a-zA-Z]*$/.test(w));
    if (!sync) return undefined;
    const packages = rest.filter((w) => !w.startsWith("-"));
    if (packages.length > 0) return { op: "install", command: `pacman ${sync}` };
    return /[yu]/.test(sync.slice(2)) ? { op: "update", command: `pacman ${sync}` } : undefined;
  }
  const m = MANAGERS[name];
  if (!m) return undefined;
  // The subcommand is the first word the manager knows, so option values (`-o Acquire::Retries=3`) are passed over.
  for (const w of rest) {
    if (m.install.includes(w)) return { op: "install", command: `${name} ${w}` };
    if (m.update.includes(w)) return { op: "update", command: `${name} ${w}` };
  }
  return undefined;
}

export function packageCommands(text: string): PackageCommand[] {
  return shellCommands(text).flatMap((words) => classify(words) ?? []);
}

/** The update commands of an instruction that installs nothing; empty when it is compliant. */
export function updatesAlone(text: string): string[] {
  const cmds = packageCommands(text);
  if (cmds.some((c) => c.op === "install")) return [];
  return cmds.filter((c) => c.op === "update").map((c) => c.command);
}
