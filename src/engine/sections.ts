import type { SectionInfo } from "./types.js";

/** Section keys used by `checks/`; ids are CIS section numbers, "X" for dockaudit's own checks. */
export const SECTIONS: readonly SectionInfo[] = [
  { id: "1", key: "host", title: "Host configuration" },
  { id: "2", key: "daemon", title: "Docker daemon configuration" },
  { id: "3", key: "daemon-files", title: "Docker daemon configuration files" },
  { id: "4", key: "images", title: "Container images and build files" },
  { id: "5", key: "container-runtime", title: "Container runtime" },
  { id: "6", key: "operations", title: "Docker security operations" },
  { id: "7", key: "swarm", title: "Docker Swarm configuration" },
  { id: "X", key: "dockaudit", title: "dockaudit hardening checks (beyond CIS)" },
];

export function sectionByKey(key: string): SectionInfo {
  const s = SECTIONS.find((x) => x.key === key);
  if (!s) throw new Error(`unknown section "${key}"`);
  return s;
}
