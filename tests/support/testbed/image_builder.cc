#include "support/testbed/image_builder.h"

#include <mutex>
#include <sstream>
#include <stdexcept>

#include "core/json.h"
#include "core/process.h"

namespace flypin::testbed {

namespace {

std::string json_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + core::json::quote(items[i]);
  return out + "]";
}

std::string spec_key(const ImageSpec& s) {
  std::ostringstream k;
  k << json_array(s.cmd) << '|' << json_array(s.entrypoint) << '|' << s.os << '|' << s.architecture << '|' << s.variant
    << '|' << s.workdir << '|' << s.port;
  for (const auto& [a, b] : s.env) k << "|e" << a << '=' << b;
  for (const auto& [a, b] : s.labels) k << "|l" << a << '=' << b;
  for (const auto& [a, b] : s.files) k << "|f" << a << '=' << b;
  return k.str();
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::mutex& builder_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace

ImageBuilder& ImageBuilder::instance() {
  static ImageBuilder builder;
  return builder;
}

ImageBuilder::ImageBuilder() : root_(std::make_unique<TempDir>("flypin-buildah")) {}

std::string ImageBuilder::run(const std::vector<std::string>& argv) {
  core::SystemProcessRunner runner;
  auto result = runner.run(core::ProcessSpec{.argv = argv});
  if (!result.ok()) throw std::runtime_error("cannot run " + argv[0] + ": " + result.error().describe());
  if (result->exit_code != 0) {
    throw std::runtime_error(argv[0] + " " + (argv.size() > 1 ? argv[1] : "") + " failed (exit " +
                             std::to_string(result->exit_code) + "): " + result->output);
  }
  return result->stdout_data;
}

std::string ImageBuilder::buildah(std::vector<std::string> args) {
  std::vector<std::string> argv = {"buildah",          "--root", root_->file("root"), "--runroot", root_->file("run"),
                                   "--storage-driver", "vfs"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

std::string ImageBuilder::temp_file(const std::string& content) {
  std::string path = root_->file("f" + std::to_string(++counter_));
  write_file(path, content);
  return path;
}

std::string ImageBuilder::local_image(const ImageSpec& spec) {
  std::lock_guard lock(builder_mutex());
  auto key = spec_key(spec);
  if (auto it = images_.find(key); it != images_.end()) return it->second;

  std::string name = "localhost/flypin-testbed-" + std::to_string(images_.size() + 1);
  std::string container = trim(buildah({"from", "--quiet", "scratch"}));
  buildah({"copy", "--quiet", container, "/bin/busybox", "/bin/busybox"});
  for (const auto& [path, content] : spec.files) {
    buildah({"copy", "--quiet", "--chmod", "0755", container, temp_file(content), path});
  }
  std::vector<std::string> config = {"config", "--cmd",  json_array(spec.cmd), "--os",
                                     spec.os,  "--arch", spec.architecture};
  if (!spec.entrypoint.empty()) config.insert(config.end(), {"--entrypoint", json_array(spec.entrypoint)});
  if (!spec.variant.empty()) config.insert(config.end(), {"--variant", spec.variant});
  if (!spec.workdir.empty()) config.insert(config.end(), {"--workingdir", spec.workdir});
  if (!spec.port.empty()) config.insert(config.end(), {"--port", spec.port});
  for (const auto& [k, v] : spec.env) config.insert(config.end(), {"--env", k + "=" + v});
  for (const auto& [k, v] : spec.labels) config.insert(config.end(), {"--label", k + "=" + v});
  config.push_back(container);
  buildah(config);
  buildah({"commit", "--quiet", "--rm", container, name});
  images_[key] = name;
  return name;
}

std::string ImageBuilder::push(const std::string& local, const PushTarget& target, bool manifest_list) {
  std::string digest_file = temp_file("");
  std::vector<std::string> args;
  if (manifest_list) {
    args = {"manifest", "push", "--all", "--quiet"};
  } else {
    args = {"push", "--quiet"};
  }
  args.insert(args.end(), {"--tls-verify=false", "--creds", target.username + ":" + target.password, "--digestfile",
                           digest_file, local, "docker://" + target.reference});
  buildah(args);
  auto digest = trim(read_file(digest_file));
  if (digest.rfind("sha256:", 0) != 0) throw std::runtime_error("buildah reported no digest for " + target.reference);
  return digest;
}

}  // namespace flypin::testbed
