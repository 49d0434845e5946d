// The Engine-API floor for the benchmark: a plain Node script (no dockaudit code, no dependency) that only reads the
// data an audit reads from the Engine API — /_ping, /info, /version, every container's inspect data, the images in
// use and the networks — with the same concurrency, and exits. An audit cannot start and finish faster than this.
//   node dist/bench/engine-floor.js /path/to/docker.sock
import http from "node:http";

const socketPath = process.argv[2] ?? "/var/run/docker.sock";
const agent = new http.Agent({ keepAlive: false });

function get(path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    http.get({ socketPath, path, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        try {
          resolve(text && res.headers["content-type"]?.includes("json") ? JSON.parse(text) : text);
        } catch (e) {
          reject(e);
        }
      });
    }).on("error", reject);
  });
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  const next = items.entries();
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (const [i, item] of next) out[i] = await fn(item);
  }));
  return out;
}

await get("/_ping");
const [, , list, , networks] = await Promise.all([
  get("/info"), get("/version"), get("/containers/json?all=1") as Promise<{ Id: string }[]>, get("/images/json"), get("/networks"),
]);
const inspected = await mapLimit(list, 16, (c) => get(`/containers/${c.Id}/json`) as Promise<{ Image: string }>);
const images = [...new Set(inspected.map((c) => c.Image))];
await mapLimit(images, 16, (id) => Promise.all([get(`/images/${id}/json`), get(`/images/${id}/history`)]));
process.stdout.write(`${inspected.length} containers, ${images.length} images, ${(networks as unknown[]).length} networks\n`);
