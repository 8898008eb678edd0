// Reference parsing, case by case. The table holds our own expectations for
// every parsing behaviour the distribution/reference v0.6.0 tests exercise
// (name and tag grammar, Docker Hub normalisation, hosts and ports, IPv6,
// digests as go-digest validates them, length limits, 64-hex identifiers),
// restated for what parse_reference is: a normalising parser of references
// that always name a repository. Where upstream parses a form we do not take
// (a bare digest or image ID), the case says so and expects a refusal.

#include "registry/reference.h"

#include <gtest/gtest.h>

#include <ostream>

#include "registry/platform.h"

namespace flypin::registry {
namespace {

std::string rep(const std::string& s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

struct Case {
  std::string input;
  std::string domain, path, tag, digest;  // expected when refusal is empty
  std::string refusal;                    // a phrase the usage error must contain
};

std::ostream& operator<<(std::ostream& os, const Case& c) { return os << "'" << c.input << "'"; }

Case named(std::string in, std::string domain, std::string path) {
  return {std::move(in), std::move(domain), std::move(path), "latest", "", ""};
}
Case tagged(std::string in, std::string domain, std::string path, std::string tag) {
  return {std::move(in), std::move(domain), std::move(path), std::move(tag), "", ""};
}
Case digested(std::string in, std::string domain, std::string path, std::string digest) {
  return {std::move(in), std::move(domain), std::move(path), "", std::move(digest), ""};
}
Case both(std::string in, std::string domain, std::string path, std::string tag, std::string digest) {
  return {std::move(in), std::move(domain), std::move(path), std::move(tag), std::move(digest), ""};
}
Case refused(std::string in, std::string why) { return {std::move(in), "", "", "", "", std::move(why)}; }

const std::string kF64 = std::string(64, 'f');
const std::string kF128 = std::string(128, 'f');
const std::string kSha = "sha256:" + kF64;
const std::string kRedis = "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";
const std::string kApp = "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912";
const std::string kBusybox = "sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
const std::string kBusybox2 = "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582";
const std::string kNamed = "sha256:1234567890098765432112345667890098765432112345667890098765432112";
const std::string kShort = "sha256:1234567890098765432112345667890098765";  // 37 hex digits
const std::string kImageId = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";
const std::string kId2 = "da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821";
const std::string kSong = "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev";  // 64, not hex
const std::string kLongNamespace =
    "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_"
    "lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_"
    "valid_namespace_because_its_lenth_is_greater_than_255/docker";

const char* kHub = "docker.io";

// Names, tags and digests together, and what makes one invalid.
std::vector<Case> grammar() {
  return {
      named("test_com", kHub, "library/test_com"),
      tagged("test.com:tag", kHub, "library/test.com", "tag"),
      tagged("test.com:5000", kHub, "library/test.com", "5000"),
      tagged("test.com/repo:tag", "test.com", "repo", "tag"),
      named("test:5000/repo", "test:5000", "repo"),
      tagged("test:5000/repo:tag", "test:5000", "repo", "tag"),
      digested("test:5000/repo@" + kSha, "test:5000", "repo", kSha),
      both("test:5000/repo:tag@" + kSha, "test:5000", "repo", "tag", kSha),
      refused("", "empty"),
      refused(":justtag", "repository name is empty"),
      refused("@" + kSha, "repository name is empty"),
      refused("Uppercase:tag", "lowercase"),
      refused("test:5000/Uppercase/lowercase:tag", "lowercase"),
      tagged("lowercase:Uppercase", kHub, "library/lowercase", "Uppercase"),
      refused("aa/asdf$$^/aa", "path component"),
      named("sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", "bar/baz/quux"),
      tagged("sub-dom1.foo.com/bar/baz/quux:some-long-tag", "sub-dom1.foo.com", "bar/baz/quux", "some-long-tag"),
      tagged("b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io", "test.example.com/my-app",
             "test.example.com"),
      tagged("xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com", "myimage", "xn--n3h.com"),
      both("xn--7o8h.com/myimage:xn--7o8h.com@sha512:" + kF128, "xn--7o8h.com", "myimage", "xn--7o8h.com",
           "sha512:" + kF128),
      tagged("foo_bar.com:8080", kHub, "library/foo_bar.com", "8080"),
      tagged("foo/foo_bar.com:8080", kHub, "foo/foo_bar.com", "8080"),
      // A repository-only reference (upstream's name-only WithName refuses the tag; a reference takes it).
      tagged("example.com/repo:tag", "example.com", "repo", "tag"),
      named("example.com:8000/named", "example.com:8000", "named"),
      tagged("example.com:8000/named:tagged", "example.com:8000", "named", "tagged"),
      digested("other.com/named@" + kNamed, "other.com", "named", kNamed),
      tagged("test.com/foo:tag", "test.com", "foo", "tag"),
      tagged("foo:tag2", kHub, "library/foo", "tag2"),
      tagged("test.com:8000/foo:tag4", "test.com:8000", "foo", "tag4"),
      tagged("test.com:8000/foo:TAG5", "test.com:8000", "foo", "TAG5"),
      both("busybox:latest@" + kBusybox, kHub, "library/busybox", "latest", kBusybox),
      refused("-foo", "path component"),
      refused("busybox:-foo", "tag"),
      refused("busybox@foo", "algorithm:hex"),
      tagged("registry.com:8080/myapp:tag", "registry.com:8080", "myapp", "tag"),
      digested("registry.com:8080/myapp@" + kApp, "registry.com:8080", "myapp", kApp),
      both("registry.com:8080/myapp:tag2@" + kApp, "registry.com:8080", "myapp", "tag2", kApp),
      refused("registry.com:8080/myapp:invalid~tag", "tag"),
      refused("bad_hostname.com:8080/myapp:tag", "registry host"),
      both("localhost:8080@" + kApp, kHub, "library/localhost", "8080", kApp),
      digested("localhost:8080/name@" + kApp, "localhost:8080", "name", kApp),
      refused("localhost:http/name@" + kApp, "registry host"),
      digested("localhost@" + kApp, kHub, "library/localhost", kApp),
      // Our own additions.
      tagged("ghcr.io/o/a-b__c.d_e---f:T_1.x-y", "ghcr.io", "o/a-b__c.d_e---f", "T_1.x-y"),
      tagged("127.0.0.1:5000/a/b/c:deployment-01HX", "127.0.0.1:5000", "a/b/c", "deployment-01HX"),
      tagged("example.com:443/app:" + std::string(128, 'x'), "example.com:443", "app", std::string(128, 'x')),
      refused("app:" + std::string(129, 'x'), "tag"),
      refused("app:", "tag"),
      refused("app b", "whitespace"),
      refused("app\n::error::forged", "whitespace"),
  };
}

// Docker Hub normalisation: which first component is a host, "library/" for official images.
std::vector<Case> normalisation() {
  return {
      named("docker/docker", kHub, "docker/docker"),
      named("library/debian", kHub, "library/debian"),
      named("debian", kHub, "library/debian"),
      named("docker.io/docker/docker", kHub, "docker/docker"),
      named("docker.io/library/debian", kHub, "library/debian"),
      named("docker.io/debian", kHub, "library/debian"),
      named("index.docker.io/docker/docker", kHub, "docker/docker"),
      named("index.docker.io/library/debian", kHub, "library/debian"),
      named("index.docker.io/debian", kHub, "library/debian"),
      named("127.0.0.1:5000/docker/docker", "127.0.0.1:5000", "docker/docker"),
      named("127.0.0.1:5000/library/debian", "127.0.0.1:5000", "library/debian"),
      named("127.0.0.1:5000/debian", "127.0.0.1:5000", "debian"),
      named("Docker/docker", "Docker", "docker"),
      named("DOCKER/docker", "DOCKER", "docker"),
      refused("https://github.com/docker/docker", "registry host"),
      refused("docker/Docker", "lowercase"),
      refused("-docker", "path component"),
      refused("-docker/docker", "path component"),
      refused("-docker.io/docker/docker", "registry host"),
      refused("docker///docker", "path component"),
      refused("docker.io/docker/Docker", "lowercase"),
      refused("docker.io/docker///docker", "path component"),
      named("docker-rules/docker", kHub, "docker-rules/docker"),
      named("docker---rules/docker", kHub, "docker---rules/docker"),
      named("doc/docker", kHub, "doc/docker"),
      named("d/docker", kHub, "d/docker"),
      named("jess/t", kHub, "jess/t"),
      named("dock__er/docker", kHub, "dock__er/docker"),
      refused("docker-/docker", "path component"),
      refused("-docker-/docker", "path component"),
      refused("____/____", "path component"),
      refused("_docker/_docker", "path component"),
      refused("dock..er/docker", "registry host"),
      refused("dock_.er/docker", "registry host"),
      refused("dock-.er/docker", "registry host"),
      refused("docker/", "path component"),
      named("fooo/bar", kHub, "fooo/bar"),
      named("docker.io/fooo/bar", kHub, "fooo/bar"),
      named("index.docker.io/fooo/bar", kHub, "fooo/bar"),
      named("ubuntu", kHub, "library/ubuntu"),
      named("docker.io/library/ubuntu", kHub, "library/ubuntu"),
      named("library/ubuntu", kHub, "library/ubuntu"),
      named("nonlibrary/ubuntu", kHub, "nonlibrary/ubuntu"),
      named("docker.io/nonlibrary/ubuntu", kHub, "nonlibrary/ubuntu"),
      named("other/library", kHub, "other/library"),
      named("docker.io/other/library", kHub, "other/library"),
      named("127.0.0.1:8000/private/moonbase", "127.0.0.1:8000", "private/moonbase"),
      named("127.0.0.1:8000/privatebase", "127.0.0.1:8000", "privatebase"),
      named("example.com/private/moonbase", "example.com", "private/moonbase"),
      named("example.com/privatebase", "example.com", "privatebase"),
      named("example.com:8000/private/moonbase", "example.com:8000", "private/moonbase"),
      named("example.com:8000/privatebasee", "example.com:8000", "privatebasee"),
      named("ubuntu-12.04-base", kHub, "library/ubuntu-12.04-base"),
      named("docker.io/library/ubuntu-12.04-base", kHub, "library/ubuntu-12.04-base"),
      named("index.docker.io/library/ubuntu-12.04-base", kHub, "library/ubuntu-12.04-base"),
      named("foo", kHub, "library/foo"),
      named("docker.io/library/foo", kHub, "library/foo"),
      named("docker.io/foo", kHub, "library/foo"),
      named("library/foo/bar", kHub, "library/foo/bar"),
      named("docker.io/library/foo/bar", kHub, "library/foo/bar"),
      named("store/foo/bar", kHub, "store/foo/bar"),
      named("docker.io/store/foo/bar", kHub, "store/foo/bar"),
      named("Foo/bar", "Foo", "bar"),
      named("FOO/bar", "FOO", "bar"),
      named("test.com/foo", "test.com", "foo"),
      named("test_com/foo", kHub, "test_com/foo"),
      named("docker/migrator", kHub, "docker/migrator"),
      named("test:8080/foo", "test:8080", "foo"),
      named("test.com:8080/foo", "test.com:8080", "foo"),
      named("test-com:8080/foo", "test-com:8080", "foo"),
      named("xn--n3h.com/foo", "xn--n3h.com", "foo"),
      named("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"),
      named("test.com", kHub, "library/test.com"),
      named("redis", kHub, "library/redis"),
      tagged("redis:latest", kHub, "library/redis", "latest"),
      tagged("docker.io/library/redis:latest", kHub, "library/redis", "latest"),
      digested("redis@" + kRedis, kHub, "library/redis", kRedis),
      digested("docker.io/library/redis@" + kRedis, kHub, "library/redis", kRedis),
      named("dmcgowan/myapp", kHub, "dmcgowan/myapp"),
      tagged("dmcgowan/myapp:latest", kHub, "dmcgowan/myapp", "latest"),
      tagged("docker.io/mcgowan/myapp:latest", kHub, "mcgowan/myapp", "latest"),
      digested("dmcgowan/myapp@" + kRedis, kHub, "dmcgowan/myapp", kRedis),
      digested("docker.io/dmcgowan/myapp@" + kRedis, kHub, "dmcgowan/myapp", kRedis),
      named("busybox", kHub, "library/busybox"),
      tagged("busybox:latest", kHub, "library/busybox", "latest"),
      digested("busybox@" + kBusybox2, kHub, "library/busybox", kBusybox2),
      named("library/busybox", kHub, "library/busybox"),
      named("docker.io/busybox", kHub, "library/busybox"),
      named("docker.io/library/busybox", kHub, "library/busybox"),
      tagged("docker.io/busybox:latest", kHub, "library/busybox", "latest"),
      tagged("library/busybox:latest", kHub, "library/busybox", "latest"),
      tagged("docker.io/library/busybox:latest", kHub, "library/busybox", "latest"),
      named("gcr.io/library/busybox", "gcr.io", "library/busybox"),
      // Docker's pull-by-digest drops the tag; we keep it (the digest is what is checked and pinned).
      both("gcr.io/library/busybox:latest@" + kBusybox2, "gcr.io", "library/busybox", "latest", kBusybox2),
  };
}

// Hosts: DNS names, IPv4, bracketed IPv6 (no zones, no embedded IPv4), ports.
std::vector<Case> hosts() {
  return {
      named("192.168.1.1", kHub, "library/192.168.1.1"),
      tagged("192.168.1.1:tag", kHub, "library/192.168.1.1", "tag"),
      tagged("192.168.1.1:5000", kHub, "library/192.168.1.1", "5000"),
      named("192.168.1.1/repo", "192.168.1.1", "repo"),
      named("192.168.1.1:5000/repo", "192.168.1.1:5000", "repo"),
      tagged("192.168.1.1:5000/repo:5050", "192.168.1.1:5000", "repo", "5050"),
      named("192.168.0.1", kHub, "library/192.168.0.1"),
      tagged("192.168.0.1:80", kHub, "library/192.168.0.1", "80"),
      named("192.168.0.1:8/debian", "192.168.0.1:8", "debian"),
      named("192.168.0.2:25000/debian", "192.168.0.2:25000", "debian"),
      refused("[2001:db8::1]", "tag"),
      refused("[2001:db8::1]:5000", "path component"),
      refused("[2001:db8::1]:tag", "path component"),
      named("[2001:db8::1]/repo", "[2001:db8::1]", "repo"),
      tagged("[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]", "repo", "tag"),
      named("[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "repo"),
      tagged("[2001:db8::1]:5000/repo:tag", "[2001:db8::1]:5000", "repo", "tag"),
      digested("[2001:db8::1]:5000/repo@" + kSha, "[2001:db8::1]:5000", "repo", kSha),
      both("[2001:db8::1]:5000/repo:tag@" + kSha, "[2001:db8::1]:5000", "repo", "tag", kSha),
      named("[2001:db8::]:5000/repo", "[2001:db8::]:5000", "repo"),
      named("[::1]:5000/repo", "[::1]:5000", "repo"),
      named("[::1]:5000/app", "[::1]:5000", "app"),
      refused("[fe80::1%eth0]:5000/repo", "registry host"),
      refused("[fe80::1%@invalidzone]:5000/repo", "digest"),
      named("[fc00::1]:5000/docker", "[fc00::1]:5000", "docker"),
      named("[fc00::1]:5000/docker/docker", "[fc00::1]:5000", "docker/docker"),
      named("[fc00:1:2:3:4:5:6:7]:5000/library/debian", "[fc00:1:2:3:4:5:6:7]:5000", "library/debian"),
      refused("[fc00::1]", "tag"),
      refused("[fc00::1]:5000", "path component"),
      refused("fc00::1:5000/debian", "registry host"),
      refused("[fe80::1%eth0]:5000/debian", "registry host"),
      refused("[2001:db8:3:4::192.0.2.33]:5000/debian", "registry host"),
      named("test.com/app", "test.com", "app"),
      named("test.com:10304/app", "test.com:10304", "app"),
      refused("test.com:http/app", "registry host"),
      named("localhost/app", "localhost", "app"),
      named("localhost:8080/app", "localhost:8080", "app"),
      named("a/app", kHub, "a/app"),  // a lone label is a namespace, not a host
      named("a.b/app", "a.b", "app"),
      named("ab.cd.com/app", "ab.cd.com", "app"),
      named("a-b.com/app", "a-b.com", "app"),
      refused("-ab.com/app", "registry host"),
      refused("ab-.com/app", "registry host"),
      named("ab.c-om/app", "ab.c-om", "app"),
      refused("ab.-com/app", "registry host"),
      refused("ab.com-/app", "registry host"),
      named("0101.com/app", "0101.com", "app"),
      named("001a.com/app", "001a.com", "app"),
      named("b.gbc.io:443/app", "b.gbc.io:443", "app"),
      named("b.gbc.io/app", "b.gbc.io", "app"),
      named("xn--n3h.com/app", "xn--n3h.com", "app"),
      named("Asdf.com/app", "Asdf.com", "app"),
      named("192.168.1.1:75050/app", "192.168.1.1:75050", "app"),
      // Upstream's host pattern takes any digits and leaves ports of 6+ digits to later validation: ours refuses them.
      refused("192.168.1.1:750050/app", "registry host"),
      named("[fd00:1:2::3]:75050/app", "[fd00:1:2::3]:75050", "app"),
      refused("[fd00:1:2::3]75050/app", "registry host"),
      refused("[fd00:1:2::3]::75050/app", "registry host"),
      refused("[fd00:1:2::3%eth0]:75050/app", "registry host"),
      named("[fd00123123123]:75050/app", "[fd00123123123]:75050", "app"),
      named("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:75050/app", "[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:75050",
            "app"),
      refused("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:750505/app", "registry host"),
      refused("fd00:1:2::3:75050/app", "registry host"),
      refused("ex-.com/app", "registry host"),
      refused("example.com:port/app", "registry host"),
      named("Foo.example/app", "Foo.example", "app"),
  };
}

// Path components: lowercase alphanumerics joined by '.', '_', '__' or runs of '-'.
std::vector<Case> paths() {
  return {
      named("short", kHub, "library/short"),
      named("simple/name", kHub, "simple/name"),
      named("docker/stevvooe/app", kHub, "docker/stevvooe/app"),
      named("aa/aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb", kHub, "aa/aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb"),
      named("aa/aa/bb/bb/bb", kHub, "aa/aa/bb/bb/bb"),
      named("a/a/a/a", kHub, "a/a/a/a"),
      refused("a/a/a/a/", "path component"),
      refused("a//a/a", "path component"),
      named("a", kHub, "library/a"),
      named("a/aa", kHub, "a/aa"),
      named("a/aa/a", kHub, "a/aa/a"),
      named("foo.com", kHub, "library/foo.com"),
      refused("foo.com/", "path component"),
      named("foo.com:8080/bar", "foo.com:8080", "bar"),
      refused("foo.com:http/bar", "registry host"),
      named("foo.com/bar", "foo.com", "bar"),
      named("foo.com/bar/baz", "foo.com", "bar/baz"),
      named("localhost:8080/bar", "localhost:8080", "bar"),
      named("blog.foo.com/bar/baz", "blog.foo.com", "bar/baz"),
      refused("a^a", "path component"),
      refused("asdf$$^/aa", "path component"),
      named("aa-a/a", kHub, "aa-a/a"),
      refused("a-/a/a/a", "path component"),
      refused("foo.com/a-/a/a", "path component"),
      refused("foo/bar-", "path component"),
      refused("foo-/bar", "path component"),
      refused("foo/-bar", "path component"),
      refused("_foo/bar", "path component"),
      named("foo_bar", kHub, "library/foo_bar"),
      named("foo_bar.com", kHub, "library/foo_bar.com"),
      refused("foo_bar.com:8080/app", "registry host"),
      named("foo.com/foo_bar", "foo.com", "foo_bar"),
      refused("docker_/docker_", "path component"),
      named("xn--7o8h.com/myimage", "xn--7o8h.com", "myimage"),
      named("example.com/xn--7o8h.com/myimage", "example.com", "xn--7o8h.com/myimage"),
      named("example.com/some_separator__underscore/myimage", "example.com", "some_separator__underscore/myimage"),
      refused("example.com/__underscore/myimage", "path component"),
      refused("example.com/..dots/myimage", "path component"),
      refused("example.com/.dots/myimage", "path component"),
      refused("example.com/nodouble..dots/myimage", "path component"),
      refused("docker./docker", "registry host"),
      refused(".docker/docker", "registry host"),
      refused("do..cker/docker", "registry host"),
      refused("do__cker:8080/docker", "registry host"),
      named("do__cker/docker", kHub, "do__cker/docker"),
      named("registry.io/foo/project--id.module--name.ver---sion--name", "registry.io",
            "foo/project--id.module--name.ver---sion--name"),
      named("Asdf.com/foo/bar", "Asdf.com", "foo/bar"),
      refused("Foo/FarB", "lowercase"),
      refused("a/b..c", "path component"),
      refused("a/b___c", "path component"),
      refused("a/b_", "path component"),
  };
}

// Digests as go-digest validates them, limited to what we can verify (sha256, sha512).
std::vector<Case> digests() {
  return {
      refused("repo@sha256:" + std::string(34, 'f'), "64 hex digits"),
      refused("validname@invaliddigest:" + kF64, "cannot be verified"),
      refused("registry.com:8080/myapp@sha256:badbadbadbad", "64 hex digits"),
      refused("registry.com:8080/myapp@bad", "algorithm:hex"),
      refused("registry.com:8080/myapp@2bad", "algorithm:hex"),
      refused("test.com:8000/foo:TAG5@" + kShort, "64 hex digits"),
      refused("test.com/foo@" + kShort, "64 hex digits"),
      refused("foo@" + kShort, "64 hex digits"),
      refused("test.com:8000/foo@" + kShort, "64 hex digits"),
      refused("test.com:8000/foo:latest@" + kShort, "64 hex digits"),
      digested("app@sha512:" + kF128, kHub, "library/app", "sha512:" + kF128),
      refused("app@sha512:" + kF64, "128 hex digits"),
      refused("app@sha384:" + std::string(96, 'f'), "cannot be verified"),
      refused("app@md5:" + std::string(32, 'f'), "cannot be verified"),
      refused("app@sha256+b64u:" + kF64, "cannot be verified"),
      refused("app@sha256:" + std::string(64, 'A'), "lowercase hex"),
      refused("app@sha256:" + std::string(63, 'f') + "g", "hex"),
      refused("app@" + kF64, "algorithm:hex"),
      refused("app@sha256:", "algorithm:hex"),
  };
}

// Lengths: the path (after "library/") may have 255 characters; the host does not count.
std::vector<Case> lengths() {
  return {
      refused("domain/" + std::string(256, 'a') + ":tag", "255"),
      tagged(rep("a/", 127) + "a:tag-puts-this-over-max", kHub, rep("a/", 127) + "a", "tag-puts-this-over-max"),
      tagged("example.com/" + std::string(255, 'a') + ":tag", "example.com", std::string(255, 'a'), "tag"),
      refused("example.com/" + std::string(256, 'a'), "255"),
      refused(rep("a/", 128) + "a", "255"),
      refused(rep("a/", 128) + "a:tag", "255"),
      named(std::string(247, 'a'), kHub, "library/" + std::string(247, 'a')),
      refused(std::string(248, 'a'), "255"),
      refused(kLongNamespace, "255"),
  };
}

// 64 lowercase hex digits are an image ID and "algorithm:hex" alone is a digest: neither names a repository.
std::vector<Case> identifiers() {
  return {
      refused(kImageId, "image ID"),
      named("docker.io/" + kImageId, kHub, "library/" + kImageId),
      named(kSong, kHub, "library/" + kSong),
      refused(kRedis.substr(7), "image ID"),
      refused(kRedis, "digest without a repository"),
      named(kRedis.substr(7, 63), kHub, "library/" + kRedis.substr(7, 63)),
      named("dbcc1", kHub, "library/dbcc1"),
      refused(kId2, "image ID"),
      refused("7EC43B381E5AEFE6E04EFB0B3F0693FF2A4A50652D64AEC573905F2DB5889A1C", "lowercase"),
      named(kId2.substr(0, 60), kHub, "library/" + kId2.substr(0, 60)),
      refused("sha256:" + kId2, "digest without a repository"),
      // A short or unverifiable digest alone is no Docker Hub image named sha256.
      refused("sha256:abcd", "digest without a repository (use repository@sha256:<64 hex digits>); and sha256 digest"),
      refused("sha384:" + std::string(96, 'a'), "digest without a repository"),
      refused("sha512:0123", "digest without a repository"),
      named("sha256:latest", kHub, "library/sha256"),
      named(kId2 + "8482", kHub, "library/" + kId2 + "8482"),
  };
}

class ReferenceCase : public ::testing::TestWithParam<Case> {};

TEST_P(ReferenceCase, ParsesAsExpected) {
  const Case& c = GetParam();
  auto ref = parse_reference(c.input);
  if (!c.refusal.empty()) {
    ASSERT_FALSE(ref.ok()) << "parsed as " << ref->str();
    EXPECT_EQ(ref.error().kind, core::ErrorKind::kUsage);
    EXPECT_NE(ref.error().message.find(c.refusal), std::string::npos) << ref.error().message;
    return;
  }
  ASSERT_TRUE(ref.ok()) << ref.error().message;
  EXPECT_EQ(ref->domain, c.domain);
  EXPECT_EQ(ref->path, c.path);
  EXPECT_EQ(ref->tag, c.tag);
  EXPECT_EQ(ref->digest, c.digest);
  std::string canonical =
      c.domain + "/" + c.path + (c.tag.empty() ? "" : ":" + c.tag) + (c.digest.empty() ? "" : "@" + c.digest);
  EXPECT_EQ(ref->str(), canonical);
  auto again = parse_reference(ref->str());
  ASSERT_TRUE(again.ok()) << "canonical form does not parse: " << again.error().message;
  EXPECT_EQ(again->str(), ref->str());
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) { return "case" + std::to_string(info.index); }

INSTANTIATE_TEST_SUITE_P(Grammar, ReferenceCase, ::testing::ValuesIn(grammar()), case_name);
INSTANTIATE_TEST_SUITE_P(Normalisation, ReferenceCase, ::testing::ValuesIn(normalisation()), case_name);
INSTANTIATE_TEST_SUITE_P(Hosts, ReferenceCase, ::testing::ValuesIn(hosts()), case_name);
INSTANTIATE_TEST_SUITE_P(Paths, ReferenceCase, ::testing::ValuesIn(paths()), case_name);
INSTANTIATE_TEST_SUITE_P(Digests, ReferenceCase, ::testing::ValuesIn(digests()), case_name);
INSTANTIATE_TEST_SUITE_P(Lengths, ReferenceCase, ::testing::ValuesIn(lengths()), case_name);
INSTANTIATE_TEST_SUITE_P(Identifiers, ReferenceCase, ::testing::ValuesIn(identifiers()), case_name);

TEST(Reference, CanonicalNamesAreTheirOwnRepository) {
  for (const char* canonical : {"test.com/foo", "test:8080/foo", "docker.io/library/foo"}) {
    EXPECT_EQ(parse_reference(canonical)->repository(), canonical);
  }
  for (const char* familiar : {"test_com/foo", "test.com", "foo", "library/foo", "docker.io/foo"}) {
    EXPECT_NE(parse_reference(familiar)->repository(), familiar);
  }
}

TEST(Repository, ParsesWithoutTagAndSaysWhatIsWrongInItsOwnName) {
  auto ok = parse_repository("127.0.0.1:5000/acme/api");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->str(), "127.0.0.1:5000/acme/api");
  EXPECT_EQ(ok->tag, "");
  EXPECT_EQ(parse_repository("ghcr.io/Acme/api").error().message,
            "invalid repository 'ghcr.io/Acme/api': repository name must be lowercase");
  EXPECT_EQ(parse_repository("ghcr.io/acme/api:v1").error().message,
            "invalid repository 'ghcr.io/acme/api:v1': it takes no tag");
  EXPECT_EQ(parse_repository("ghcr.io/acme/api@sha256:" + std::string(64, 'a')).error().message.substr(0, 52),
            "invalid repository 'ghcr.io/acme/api@sha256:aaaaaaaa");
  EXPECT_EQ(parse_repository("").error().message, "invalid repository: it is empty");
}

TEST(Reference, ErrorsAreOneLine) {
  for (const auto& c : grammar()) {
    auto ref = parse_reference(c.input);
    if (!ref.ok()) {
      EXPECT_EQ(ref.error().message.find('\n'), std::string::npos) << c.input;
    }
  }
}

TEST(Reference, PinnedByDigestIsADigestWhateverTheTag) {
  const std::string digest = "sha256:" + std::string(64, 'a');
  EXPECT_FALSE(parse_reference("r.io/app:deployment-x").value().pinned_by_digest());
  EXPECT_TRUE(parse_reference("r.io/app@" + digest).value().pinned_by_digest());
  EXPECT_TRUE(parse_reference("r.io/app:v1@" + digest).value().pinned_by_digest());
}

TEST(Reference, PinnedToDropsTheTag) {
  const std::string digest = "sha256:" + std::string(64, 'b');
  const auto pinned = parse_reference("r.io/team/app:v1").value().pinned_to(digest);
  EXPECT_TRUE(pinned.pinned_by_digest());
  EXPECT_EQ(pinned.str(), "r.io/team/app@" + digest);
}

TEST(DigestNamedIn, IsTheTextAfterTheLastAt) {
  EXPECT_EQ(digest_named_in("registry.example/app@sha256:other"), "sha256:other");
  EXPECT_EQ(digest_named_in("r.io/app:v1@sha256:abc"), "sha256:abc");
  EXPECT_EQ(digest_named_in("r.io/app:v1"), "");
  EXPECT_EQ(digest_named_in(""), "");
}

TEST(Reference, ApiBaseIsHttpOnlyOnLoopback) {
  EXPECT_EQ(parse_reference("127.0.0.1:5000/a")->api_base(), "http://127.0.0.1:5000");
  EXPECT_EQ(parse_reference("127.1.2.3/a")->api_base(), "http://127.1.2.3");
  EXPECT_EQ(parse_reference("localhost:5000/a")->api_base(), "http://localhost:5000");
  EXPECT_EQ(parse_reference("[::1]:5000/a")->api_base(), "http://[::1]:5000");
  EXPECT_EQ(parse_reference("127.example.com/a")->api_base(), "https://127.example.com");
  EXPECT_EQ(parse_reference("localhost.evil.com/a")->api_base(), "https://localhost.evil.com");
  EXPECT_EQ(parse_reference("nginx")->api_base(), "https://registry-1.docker.io");
  EXPECT_EQ(parse_reference("registry.fly.io/app:x")->api_base(), "https://registry.fly.io");
}

TEST(Platform, ParsesAndMatches) {
  auto p = Platform::parse("linux/arm64/v8");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->str(), "linux/arm64/v8");
  EXPECT_TRUE(p->matched_by({"linux", "arm64", ""}));
  EXPECT_FALSE(p->matched_by({"linux", "amd64", ""}));
  EXPECT_TRUE(Platform::parse("linux/amd64")->matched_by({"linux", "amd64", "v3"}));
  EXPECT_FALSE(Platform::parse("linux/arm/v7")->matched_by({"linux", "arm", "v6"}));
  for (const char* bad : {"linux", "linux/", "/amd64", "linux/amd64/v8/x", "Linux/amd64", ""}) {
    EXPECT_FALSE(Platform::parse(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace flypin::registry
