#!/usr/bin/env python3
"""The local stack's model of Fly's registry pruning (issue 23).

Fly's registry may prune an image that no machine references. This sweep does
that to the local stack's real registry (Debian's docker-registry, deletes
enabled): every `deployment-*` tag whose manifest no machine of the Fly
emulator references (by that tag, by its digest, or through another tag of the
same manifest) is deleted. Other tags are never deleted, nor the manifests they
name. Loopback only; the password comes from the environment.

  REGISTRY_PASSWORD=... sweep_registry.py --registry 127.0.0.1:PORT --user U \\
      --fly-url http://127.0.0.1:PORT [--repository team/app ...]

Prints one JSON object: {"pruned": ["host/repo:tag", ...], "kept": [...]}.
"""
import argparse
import base64
import json
import os
import sys
import urllib.error
import urllib.request

ACCEPT = ", ".join([
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v2+json",
])
LOOPBACK = ("127.", "localhost", "[::1]")


class Registry:
    def __init__(self, host, user, password):
        if not host.startswith(LOOPBACK):
            sys.exit("sweep_registry: only a loopback registry is swept, not " + host)
        self.base = "http://" + host
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode() if user else None

    def call(self, method, path):
        req = urllib.request.Request(self.base + path, method=method, headers={"Accept": ACCEPT})
        if self.auth:
            req.add_header("Authorization", self.auth)
        try:
            with urllib.request.urlopen(req, timeout=10) as res:
                return res.status, res.headers, res.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def repositories(self):
        status, _, body = self.call("GET", "/v2/_catalog?n=1000")
        if status != 200:
            sys.exit(f"sweep_registry: the catalog answered {status}")
        return json.loads(body).get("repositories") or []

    def tags(self, repo):
        status, _, body = self.call("GET", f"/v2/{repo}/tags/list")
        if status == 404:
            return []
        if status != 200:
            sys.exit(f"sweep_registry: the tags of {repo} answered {status}")
        return json.loads(body).get("tags") or []

    def digest(self, repo, tag):
        status, headers, _ = self.call("HEAD", f"/v2/{repo}/manifests/{tag}")
        return headers.get("Docker-Content-Digest") if status == 200 else None

    def delete(self, repo, digest):
        status, _, body = self.call("DELETE", f"/v2/{repo}/manifests/{digest}")
        if status not in (202, 404):
            sys.exit(f"sweep_registry: deleting {repo}@{digest} answered {status}: {body[:200]!r}")


def referenced(fly_url, host):
    """(repo, tag) and (repo, digest) pairs the emulator's live machines name in `host`."""
    with urllib.request.urlopen(fly_url.rstrip("/") + "/_admin/machines", timeout=10) as res:
        machines = json.loads(res.read())
    tags, digests = set(), set()
    for m in machines:
        if m.get("state") == "destroyed":
            continue
        image = m.get("image", "")
        if not image.startswith(host + "/"):
            continue
        rest = image[len(host) + 1:]
        rest, _, digest = rest.partition("@")
        repo, _, tag = rest.partition(":")
        if digest:
            digests.add((repo, digest))
        tags.add((repo, tag or "latest"))
    return tags, digests


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--registry", required=True)
    p.add_argument("--user", default="")
    p.add_argument("--fly-url", required=True)
    p.add_argument("--repository", action="append", default=[])
    a = p.parse_args()
    registry = Registry(a.registry, a.user, os.environ.get("REGISTRY_PASSWORD", ""))
    ref_tags, ref_digests = referenced(a.fly_url, a.registry)
    pruned, kept = [], []
    for repo in a.repository or registry.repositories():
        named = {tag: registry.digest(repo, tag) for tag in registry.tags(repo)}
        # A manifest stays when a machine names it, or names or holds a tag of
        # it, or a tag the sweep never deletes names it.
        keep = {d for (r, d) in ref_digests if r == repo}
        keep |= {d for tag, d in named.items() if (repo, tag) in ref_tags or not tag.startswith("deployment-")}
        for tag, digest in sorted(named.items()):
            name = f"{a.registry}/{repo}:{tag}"
            if digest is None or digest in keep or not tag.startswith("deployment-"):
                kept.append(name)
                continue
            registry.delete(repo, digest)
            pruned.append(name)
    print(json.dumps({"pruned": pruned, "kept": kept}))


if __name__ == "__main__":
    main()
