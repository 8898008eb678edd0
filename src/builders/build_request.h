#pragma once
// What every builder is asked to do, independent of which tool does it.
#include <string>
#include <vector>

namespace flypin::build {

struct KeyValue {
  std::string key;
  std::string value;
  std::string str() const { return key + "=" + value; }
};

struct BuildRequest {
  std::string image;  // repository:tag to push
  std::string tag;
  std::string context = ".";
  std::string dockerfile;  // empty: the builder's default (Dockerfile in the context)
  std::string platform = "linux/amd64";
  std::vector<KeyValue> build_args;       // IMAGE_TAG first, then the user's
  std::vector<KeyValue> labels;           // OCI labels first, then the user's
  std::string app;                        // flyctl
  std::string fly_config;                 // flyctl
  std::vector<std::string> builder_args;  // passed through to the build command
};

/// Where a builder may write its side files (digest, metadata, authfile).
struct Workspace {
  std::string dir;
  std::string digest_file() const { return dir + "/digest"; }
  std::string metadata_file() const { return dir + "/metadata.json"; }
  std::string auth_file() const { return dir + "/auth.json"; }
};

}  // namespace flypin::build
