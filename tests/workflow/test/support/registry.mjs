// The local stack's registry, spoken to over its HTTP API: a tiny image pushed
// without a builder (one empty layer, linux/amd64), and a manifest deleted as
// Fly's registry prunes one.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";

const sha256 = (buf) => `sha256:${createHash("sha256").update(buf).digest("hex")}`;
const auth = (env) => `Basic ${Buffer.from(`${env.REGISTRY_USERNAME}:${env.REGISTRY_PASSWORD}`).toString("base64")}`;
const MANIFEST = "application/vnd.oci.image.manifest.v1+json";

async function call(env, method, path, { body, type, headers = {} } = {}) {
  const url = path.startsWith("http") ? path : `http://${env.REGISTRY}${path}`;
  const res = await fetch(url, { method, body, headers: { Authorization: auth(env), Accept: MANIFEST,
    ...(type ? { "Content-Type": type } : {}), ...headers } });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res;
}

async function pushBlob(env, repo, blob) {
  const digest = sha256(blob);
  const started = await call(env, "POST", `/v2/${repo}/blobs/uploads/`);
  const location = new URL(started.headers.get("location"), `http://${env.REGISTRY}`);
  location.searchParams.set("digest", digest);
  await call(env, "PUT", location.toString(), { body: blob, type: "application/octet-stream" });
  return { digest, size: blob.length };
}

// `label` makes each image's manifest its own.
export async function pushTinyImage(env, repo, tag, label) {
  const tar = Buffer.alloc(1024);  // an empty tar: two zero blocks
  const layer = await pushBlob(env, repo, gzipSync(tar));
  const config = Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux",
    config: { Labels: { "flypin.test": label }, Cmd: ["/bin/true"] },
    rootfs: { type: "layers", diff_ids: [sha256(tar)] } }));
  const cfg = await pushBlob(env, repo, config);
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST,
    config: { mediaType: "application/vnd.oci.image.config.v1+json", ...cfg },
    layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", ...layer }] }));
  await call(env, "PUT", `/v2/${repo}/manifests/${tag}`, { body: manifest, type: MANIFEST });
  return { image: `${env.REGISTRY}/${repo}:${tag}`, digest: sha256(manifest) };
}

export async function deleteManifest(env, repo, digest) {
  await call(env, "DELETE", `/v2/${repo}/manifests/${digest}`);
}
