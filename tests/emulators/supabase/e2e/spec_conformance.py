#!/usr/bin/env python3
"""Checks flypin-supabase-emulator against the Supabase Management API spec.

Loads the schemas of the three secrets operations from the OpenAPI document,
then drives a fresh emulator over loopback: every response body must conform
to its schema, every body the spec accepts must be accepted (201/200), and
every body the spec rejects must get 400 with {"message": ...}.
Stdlib only. Exit 0 pass, 1 fail.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request

PATH = "/v1/projects/{ref}/secrets"
REF = "abcdefghijklmnopqrst"
TOKEN = "spec-check-token"


def resolve(spec, schema):
    while "$ref" in schema:
        node = spec
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def validate(spec, schema, value, where="$"):
    """The subset of JSON Schema these operations use; returns a list of problems."""
    schema = resolve(spec, schema)
    kind = schema.get("type")
    problems = []
    checks = {"array": list, "object": dict, "string": str}
    if kind in checks and not isinstance(value, checks[kind]):
        return [f"{where}: expected {kind}, got {type(value).__name__}"]
    if kind == "array":
        for i, item in enumerate(value):
            problems += validate(spec, schema.get("items", {}), item, f"{where}[{i}]")
    if kind == "object":
        for key in schema.get("required", []):
            if key not in value:
                problems.append(f"{where}: missing required {key}")
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                problems += validate(spec, sub, value[key], f"{where}.{key}")
    if kind == "string":
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            problems.append(f"{where}: longer than {schema['maxLength']}")
        if "minLength" in schema and len(value) < schema["minLength"]:
            problems.append(f"{where}: shorter than {schema['minLength']}")
        pattern = schema.get("pattern")
        if pattern and not re.search(pattern, value):
            problems.append(f"{where}: does not match {pattern}")
    return problems


def call(url, method, body=None, token=TOKEN):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--emulator", required=True)
    parser.add_argument("--spec", required=True)
    args = parser.parse_args()
    spec = json.load(open(args.spec))
    ops = spec["paths"][PATH]
    list_schema = ops["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    create_schema = ops["post"]["requestBody"]["content"]["application/json"]["schema"]
    delete_schema = ops["delete"]["requestBody"]["content"]["application/json"]["schema"]
    ref_schema = ops["get"]["parameters"][0]["schema"]
    failures = []

    def expect(cond, what):
        if not cond:
            failures.append(what)

    proc = subprocess.Popen([args.emulator, "--listen", "127.0.0.1:0", "--token", TOKEN, "--project", REF],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        first = proc.stdout.readline()
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", first)
        if not match:
            print("emulator did not start:", first)
            return 1
        base = match.group(1)
        url = base + PATH.replace("{ref}", REF)

        def error_body(status, body, what):
            try:
                parsed = json.loads(body)
                expect(isinstance(parsed.get("message"), str), f"{what}: no message in {body!r}")
            except ValueError:
                failures.append(f"{what}: error body is not JSON: {body!r}")

        good_create = [{"name": "DOCKER_IMAGE", "value": "registry/app:deployment-1"},
                       {"name": "N" * 256, "value": "v" * 24576}]
        bad_creates = [{"name": "x"}, [{"name": "SUPABASE_URL", "value": "x"}], [{"name": "N" * 257, "value": "x"}],
                       [{"name": "A", "value": "v" * 24577}], [{"name": "A", "value": 5}], [{"value": "x"}], ["A"]]
        expect(not validate(spec, create_schema, good_create), "sample create body should satisfy the spec")
        for bad in bad_creates:
            expect(validate(spec, create_schema, bad), f"spec should reject {str(bad)[:60]}")
            status, body = call(url, "POST", bad)
            expect(status == 400, f"POST {str(bad)[:60]} -> {status}, want 400")
            error_body(status, body, "POST bad body")
        status, body = call(url, "POST", good_create)
        expect(status == 201, f"POST valid body -> {status}, want 201")

        status, body = call(url, "GET")
        expect(status == 200, f"GET -> {status}")
        listed = json.loads(body)
        problems = validate(spec, list_schema, listed)
        expect(not problems, f"GET body does not conform: {problems}")
        own = [item for item in listed if not item["name"].startswith("SUPABASE_")]
        expect(len(own) == 2, f"GET listed {len(own)} secrets of ours, want 2")
        # The reserved-secrets variant's default: the platform's own are listed too (FIDELITY S4).
        expect(len(listed) - len(own) == 4, f"GET listed {len(listed) - len(own)} reserved SUPABASE_* secrets, want 4")
        for item in listed:
            expect(re.fullmatch(r"[0-9a-f]{64}", item["value"]) is not None, "value is not sha256 hex")

        bad_deletes = [{"names": ["A"]}, [1], "A"]
        for bad in bad_deletes:
            expect(validate(spec, delete_schema, bad), f"spec should reject delete {bad}")
            status, body = call(url, "DELETE", bad)
            expect(status == 400, f"DELETE {bad} -> {status}, want 400")
            error_body(status, body, "DELETE bad body")
        good_delete = ["DOCKER_IMAGE"]
        expect(not validate(spec, delete_schema, good_delete), "sample delete body should satisfy the spec")
        status, _ = call(url, "DELETE", good_delete)
        expect(status == 200, f"DELETE -> {status}, want 200")

        for bad_ref in ["short", "ABCDEFGHIJKLMNOPQRST", "abcdefghijklmnopqrs1"]:
            expect(validate(spec, ref_schema, bad_ref), f"spec should reject ref {bad_ref}")
            status, body = call(base + PATH.replace("{ref}", bad_ref), "GET")
            expect(status == 400, f"GET ref {bad_ref} -> {status}, want 400")
            error_body(status, body, "bad ref")

        for method, body in [("GET", None), ("POST", good_create), ("DELETE", good_delete)]:
            status, text = call(url, method, body, token=None)
            expect(status == 401, f"{method} without token -> {status}, want 401")
            expect(str(status) in ops[method.lower()]["responses"], f"{status} not a documented response")
            error_body(status, text, f"{method} 401")
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    for failure in failures:
        print("FAIL:", failure)
    print("spec conformance:", "ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
