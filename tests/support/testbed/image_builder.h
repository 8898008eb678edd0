#pragma once
// Builds test images with real buildah (vfs storage in a per-process temp root)
// and pushes them; built images are cached per ImageSpec for the process.

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/testbed/testbed.h"

namespace flypin::testbed {

struct PushTarget {
  std::string reference;  // "127.0.0.1:PORT/repo:tag"
  std::string username;
  std::string password;
};

class ImageBuilder {
 public:
  static ImageBuilder& instance();

  /// Local image name for the spec, building it on first use.
  std::string local_image(const ImageSpec& spec);
  /// Pushes a local image or manifest list; returns the pushed digest.
  std::string push(const std::string& local, const PushTarget& target, bool manifest_list);
  /// Runs `buildah <args>` with the test storage; throws with output on failure. Returns stdout.
  std::string buildah(std::vector<std::string> args);
  /// Runs any command; throws with output on failure. Returns stdout.
  static std::string run(const std::vector<std::string>& argv);
  std::string temp_file(const std::string& content);

 private:
  ImageBuilder();
  std::unique_ptr<TempDir> root_;
  std::map<std::string, std::string> images_;
  std::atomic<int> counter_{0};
};

}  // namespace flypin::testbed
