#include "builders/cache.h"

#include <gtest/gtest.h>

namespace flypin::build {
namespace {

registry::Reference target(const std::string& text = "ghcr.io/acme/api:t") {
  return registry::parse_reference(text).value();
}

TEST(Cache, ParsesModes) {
  EXPECT_EQ(parse_cache("auto", "", target())->mode, CacheMode::kAuto);
  EXPECT_EQ(parse_cache("none", "", target())->mode, CacheMode::kNone);
  EXPECT_EQ(parse_cache("registry", "", target())->mode, CacheMode::kRegistry);
  EXPECT_EQ(parse_cache("gha", "", target())->mode, CacheMode::kGha);
  auto local = parse_cache("local:/var/cache/x/../y", "", target());
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(local->mode, CacheMode::kLocal);
  EXPECT_EQ(local->dir, "/var/cache/y");
  EXPECT_EQ(parse_cache("registry", "ghcr.io/acme/cache:api", target())->ref.value().str(), "ghcr.io/acme/cache:api");
}

TEST(Cache, RefusesWhatCannotMeanAnything) {
  for (auto [mode, ref] :
       std::vector<std::pair<std::string, std::string>>{{"s3", ""},
                                                        {"local:", ""},
                                                        {"Registry", ""},
                                                        {"gha", "ghcr.io/a/b:c"},
                                                        {"local:/x", "ghcr.io/a/b:c"},
                                                        {"registry", "no such ref"},
                                                        {"registry", "ghcr.io/a/b@sha256:" + std::string(64, 'a')}}) {
    auto asked = parse_cache(mode, ref, target());
    ASSERT_FALSE(asked.ok()) << mode << " " << ref;
    EXPECT_EQ(asked.error().kind, core::ErrorKind::kUsage);
  }
}

TEST(Cache, FlysRegistryTakesOnlyTheImage) {
  auto fly = target("registry.fly.io/app:t");
  EXPECT_FALSE(parse_cache("registry", "", fly).ok());
  EXPECT_FALSE(parse_cache("auto", "registry.fly.io/app:cache", fly).ok());
  EXPECT_TRUE(parse_cache("registry", "ghcr.io/acme/cache:app", fly).ok());
  auto automatic = parse_cache("auto", "", fly).value();
  EXPECT_EQ(choose_cache(automatic, CacheSupport::kLayers, fly, ActionsCache::kPresent).cache.mode, CacheMode::kNone);
  EXPECT_EQ(choose_cache(automatic, CacheSupport::kExporters, fly, ActionsCache::kPresent).cache.mode, CacheMode::kGha);
  EXPECT_EQ(choose_cache(automatic, CacheSupport::kExporters, fly, ActionsCache::kAbsent).cache.mode, CacheMode::kNone);
  EXPECT_TRUE(is_fly_registry("registry.fly.io:5443"));
  EXPECT_FALSE(is_fly_registry("registry.fly.io.example"));
}

TEST(Cache, DefaultRegistryCacheSitsNextToTheRepository) {
  auto automatic = parse_cache("auto", "", target()).value();
  auto docker = choose_cache(automatic, CacheSupport::kInlineBuildKit, target(), ActionsCache::kAbsent);
  EXPECT_EQ(docker.cache.describe(), "registry ghcr.io/acme/api:buildcache");
  EXPECT_TRUE(docker.note.empty());
  auto buildah = choose_cache(automatic, CacheSupport::kLayers, target(), ActionsCache::kAbsent);
  EXPECT_EQ(buildah.cache.ref.repository(), "ghcr.io/acme/api-buildcache");
  auto given = parse_cache("registry", "ghcr.io/acme/cache:api", target()).value();
  EXPECT_EQ(choose_cache(given, CacheSupport::kLayers, target(), ActionsCache::kAbsent).cache.ref.str(),
            "ghcr.io/acme/cache:api");
}

TEST(Cache, WhatABuilderCannotDoIsAWarningAndNoCache) {
  auto gha = parse_cache("gha", "", target()).value();
  for (auto support : {CacheSupport::kLayers, CacheSupport::kInlineBuildKit, CacheSupport::kInlineBuildx}) {
    auto choice = choose_cache(gha, support, target(), ActionsCache::kPresent);
    EXPECT_EQ(choice.cache.mode, CacheMode::kNone);
    EXPECT_EQ(choice.level, CacheChoice::Level::kWarning);
    EXPECT_FALSE(choice.note.empty());
  }
  auto outside_actions = choose_cache(gha, CacheSupport::kExporters, target(), ActionsCache::kAbsent);
  EXPECT_EQ(outside_actions.cache.mode, CacheMode::kNone);
  EXPECT_NE(outside_actions.note.find("ACTIONS_RUNTIME_TOKEN"), std::string::npos);
  auto local = parse_cache("local:/c", "", target()).value();
  EXPECT_EQ(choose_cache(local, CacheSupport::kInlineBuildx, target(), ActionsCache::kAbsent).cache.mode,
            CacheMode::kNone);
  EXPECT_EQ(choose_cache(local, CacheSupport::kInlineBuildKit, target(), ActionsCache::kAbsent).cache.dir, "/c");
  EXPECT_EQ(choose_cache(local, CacheSupport::kRemoteBuilder, target(), ActionsCache::kAbsent).cache.mode,
            CacheMode::kNone);
}

}  // namespace
}  // namespace flypin::build
