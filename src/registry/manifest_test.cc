#include "registry/manifest.h"

#include <gtest/gtest.h>

namespace flypin::registry {
namespace {

TEST(Manifest, OciImageManifestIsNotMistakenForSchema1) {
  auto m = parse_manifest(
      R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
          "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:abc","size":1},"layers":[]})",
      "");
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_FALSE(m->is_index);
  EXPECT_EQ(m->config_digest, "sha256:abc");
}

TEST(Manifest, MediaTypeFromContentTypeWhenBodyHasNone) {
  auto m = parse_manifest(
      R"({"schemaVersion":2,"manifests":[{"digest":"sha256:1","platform":{"os":"linux","architecture":"amd64"}}]})",
      "application/vnd.docker.distribution.manifest.list.v2+json; charset=utf-8");
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->is_index);
  EXPECT_EQ(m->media_type, kDockerList);
  ASSERT_EQ(m->entries.size(), 1u);
  EXPECT_EQ(m->entries[0].platform.str(), "linux/amd64");
  EXPECT_FALSE(m->entries[0].attestation);
}

TEST(Manifest, AttestationEntriesAreFlaggedByPlatformOrAnnotation) {
  auto m = parse_manifest(R"({"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
      {"digest":"sha256:1","platform":{"os":"unknown","architecture":"unknown"}},
      {"digest":"sha256:2","platform":{"os":"linux","architecture":"amd64"},
       "annotations":{"vnd.docker.reference.type":"attestation-manifest"}},
      {"digest":"sha256:3","platform":{"os":"linux","architecture":"amd64"}}]})",
                          "");
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m->entries.size(), 3u);
  EXPECT_TRUE(m->entries[0].attestation);
  EXPECT_TRUE(m->entries[1].attestation);
  EXPECT_FALSE(m->entries[2].attestation);
}

TEST(Manifest, RejectsSchema1AndGarbage) {
  EXPECT_FALSE(parse_manifest(R"({"schemaVersion":1,"name":"x","fsLayers":[]})", "").ok());
  EXPECT_FALSE(parse_manifest("not json", "").ok());
  EXPECT_FALSE(
      parse_manifest(R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"})", "").ok());
}

TEST(Manifest, ConfigPlatform) {
  auto p = parse_config_platform(R"({"os":"linux","architecture":"arm","variant":"v7","config":{}})");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->str(), "linux/arm/v7");
}

}  // namespace
}  // namespace flypin::registry
