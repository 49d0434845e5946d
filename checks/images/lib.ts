// Shared parsing for section 4: which images the selected containers run, and how image history records the
// Dockerfile instructions (classic builder and BuildKit alike), so that each check reads one instruction at a time.
import { type EvalContext, type ImageHistoryEntry, type ImageInspect, imageSubject, resolveSubjectFact } from "../../src/check-api.js";
import { imagesInUse } from "../shared.js";
export { type ImageInUse, imagesInUse, perImageInUse } from "../shared.js";

/** The history of an image, or the reason it is missing (resolved by the engine's per-subject resolution). */
export function historyOf(ctx: EvalContext, imageId: string): { entries: ImageHistoryEntry[] } | { error: string } {
  const r = resolveSubjectFact(ctx.snapshot, "engine.imageHistory", imageId);
  return r.ok ? { entries: r.value as ImageHistoryEntry[] } : { error: r.reason };
}

export interface Instruction {
  /** Upper-case Dockerfile keyword: RUN, ADD, COPY, ENV, ...; RUN also for `docker commit` and exec-form entries. */
  keyword: string;
  /** The instruction's arguments; for RUN the command the shell ran, without `/bin/sh -c` and build-arg prefixes. */
  args: string;
  /** Position in the history as the API returns it: 0 is the newest entry. */
  index: number;
  createdBy: string;
}

const KEYWORDS = new Set(["ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "HEALTHCHECK", "LABEL", "MAINTAINER",
  "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"]);

/** Build args the classic builder and BuildKit put before a RUN command: `|2 A=1 B=2 `. */
const BUILD_ARGS = /^\|\d+(?:\s+[A-Za-z_][A-Za-z0-9_]*=\S*)*\s+/;
const SHELL_PREFIX = /^(?:\/bin\/(?:ba)?sh|sh|bash|cmd \/S \/C|powershell(?:\.exe)?\s+-Command)\s+-c\s+/i;

function runArgs(text: string): string {
  let t = text.trim().replace(BUILD_ARGS, "");
  if (t.startsWith("[")) {
    try {
      const argv = JSON.parse(t) as unknown;
      if (Array.isArray(argv)) t = argv.map(String).join(" ");
    } catch {
      /* not JSON: keep the text */
    }
  }
  return t.replace(SHELL_PREFIX, "").trim();
}

/**
 * Reads one history entry. Classic builder: `/bin/sh -c #(nop)  ADD file:… in / ` for metadata and file
 * instructions, `/bin/sh -c CMD` for RUN. BuildKit: `ADD src dest # buildkit`, `RUN /bin/sh -c CMD # buildkit`.
 * The keyword must be a whole word, so `#(nop) ADDRESS` or a RUN mentioning ADD is never taken for ADD.
 */
export function parseInstruction(createdBy: string, index = 0): Instruction | undefined {
  const raw = createdBy.trim();
  if (raw === "") return undefined;
  const [, nop] = /^(?:\/bin\/sh -c|cmd \/S \/C)\s+#\(nop\)\s*(.*)$/s.exec(raw) ?? [];
  if (nop !== undefined) {
    const [, word, nopArgs] = /^([A-Za-z]+)(?:\s+(.*))?$/s.exec(nop.trim()) ?? [];
    const kw = word?.toUpperCase();
    if (kw && KEYWORDS.has(kw)) return { keyword: kw, args: (nopArgs ?? "").trim(), index, createdBy };
    return { keyword: "NOP", args: nop.trim(), index, createdBy };
  }
  const body = raw.replace(/\s+#\s*buildkit$/, "");
  const [, keyword, rest] = /^([A-Z]+)(?:\s+(.*))?$/s.exec(body) ?? [];
  if (keyword !== undefined && KEYWORDS.has(keyword)) {
    const args = (rest ?? "").trim();
    return { keyword, args: keyword === "RUN" ? runArgs(args) : args, index, createdBy };
  }
  // Classic-builder RUN, exec-form RUN and `docker commit` entries record the command itself.
  return { keyword: "RUN", args: runArgs(body), index, createdBy };
}

export function instructions(entries: ImageHistoryEntry[]): Instruction[] {
  return entries.flatMap((e, i) => parseInstruction(e.CreatedBy ?? "", i) ?? []);
}

/** The destination of an ADD/COPY: `… in /dest` (classic builder) or the last word (BuildKit). */
export function destination(ins: Instruction): string {
  const [, classic] = /\sin\s+(\S+)\s*$/.exec(ins.args) ?? [];
  if (classic !== undefined && /^(?:file|dir|multi):/.test(ins.args)) return classic;
  const words = ins.args.split(/\s+/).filter(Boolean);
  return words[words.length - 1] ?? "";
}

const METADATA = new Set(["ARG", "LABEL", "ENV", "MAINTAINER", "NOP"]);

/**
 * The history entry that unpacked the base image's root filesystem: the oldest ADD into `/` with nothing but
 * metadata (ARG, LABEL, …) before it, e.g. `ADD file:… in /` or `ADD alpine-minirootfs.tar.gz / # buildkit`.
 * Every image built FROM a distribution starts this way, so flagging it would flag every image.
 */
export function rootFilesystemAdd(ins: Instruction[]): Instruction | undefined {
  for (const x of [...ins].reverse()) {
    if (x.keyword === "ADD") return destination(x).replace(/\/+$/, "") === "" ? x : undefined;
    if (!METADATA.has(x.keyword)) return undefined;
  }
  return undefined;
}

export interface BaseImage {
  name: string;
  /** History index of the base image's newest entry; entries at or after it belong to the base image. */
  fromIndex: number;
}

/**
 * The base image, when it is known locally: the history API fills in the ids of entries along the image's
 * parent chain, so the first entry (after the image's own) whose id is another listed image marks where the
 * base image starts. Images pulled or built with BuildKit have no such chain; then the base cannot be told
 * apart beyond its root filesystem layer.
 */
export function baseImage(ctx: EvalContext, img: ImageInspect, entries: ImageHistoryEntry[]): BaseImage | undefined {
  const all = ctx.snapshot.engine.images.ok ? ctx.snapshot.engine.images.value : [];
  for (const [i, entry] of entries.entries()) {
    const id = entry.Id;
    if (i === 0 || !id || id === "<missing>" || id === img.Id) continue;
    const base = all.find((x) => x.Id === id);
    // Untagged ids on the chain are the build's own intermediate images, not a base someone chose.
    const named = base && ((base.RepoTags ?? []).some((t) => t !== "<none>:<none>") || (base.RepoDigests ?? []).some((d) => !d.startsWith("<none>")));
    if (base && named) return { name: imageSubject(base).name, fromIndex: i };
  }
  return undefined;
}

/** An instruction as evidence: short, since RUN lines can be long (the collector already redacted secrets). */
export function describeInstruction(ins: Instruction): string {
  const text = `${ins.keyword} ${ins.args}`.replace(/\s+/g, " ").trim();
  return text.length > 160 ? text.slice(0, 157) + "..." : text;
}

/** Evidence for the manual checks: the images a person should review, with the containers that run them. */
export function imagesInUseEvidence(ctx: EvalContext): { imagesInUse: { image: string; containers: string[] }[] } {
  return {
    imagesInUse: imagesInUse(ctx).map((u) => ({ image: u.image ? imageSubject(u.image).name : u.id, containers: u.containers })),
  };
}
