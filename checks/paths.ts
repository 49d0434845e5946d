// Host path comparisons shared by the catalog: by whole path components, as the kernel resolves them, never by
// substring ("/etcetera" is not below "/etc"; "/var/lib/dockershim" is not "/var/lib/docker").

/** Collapses repeated and trailing slashes and resolves "." and "..". */
export function normalisePath(p: string): string {
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}

/** Whether `path` is `dir` or lies below it. */
export function isWithin(path: string, dir: string): boolean {
  const p = normalisePath(path), d = normalisePath(dir);
  return d === "/" || p === d || p.startsWith(d + "/");
}
