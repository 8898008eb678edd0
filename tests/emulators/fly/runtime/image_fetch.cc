#include "emulators/fly/runtime/image_fetch.h"

#include <fcntl.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.h"
#include "core/process.h"

namespace flypin::emulators::fly {
namespace {

namespace fs = std::filesystem;

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

core::Error pull_error(const std::string& image, const std::string& why) {
  auto last = trim(core::last_lines(trim(why), 1));
  // skopeo prefixes its messages with time="..." level=fatal msg="..."; keep the msg.
  if (auto at = last.find("msg=\""); at != std::string::npos) {
    last = last.substr(at + 5);
    if (!last.empty() && last.back() == '"') last.pop_back();
    for (size_t at = last.find("\\\""); at != std::string::npos; at = last.find("\\\"", at)) last.erase(at, 1);
  }
  return core::Error::internal("failed to pull image " + image + ": " + last);
}

std::vector<std::string> strings(const rapidjson::Value& obj, const char* key) {
  std::vector<std::string> out;
  if (obj.IsObject() && obj.HasMember(key) && obj[key].IsArray())
    for (const auto& v : obj[key].GetArray())
      if (v.IsString()) out.emplace_back(v.GetString());
  return out;
}

core::Result<core::ProcessResult> run(std::vector<std::string> argv) {
  core::SystemProcessRunner runner;
  return runner.run({.argv = std::move(argv)});
}

// Applies one layer: opaque-directory markers empty their directory before the
// layer lands; ".wh.NAME" entries delete NAME after it.
core::Status apply_layer(const std::string& blob, const std::string& rootfs) {
  auto listing = run({"tar", "-tf", blob});
  if (!listing.ok()) return listing.error();
  if (listing->exit_code != 0) return core::Error::internal("cannot read layer: " + trim(listing->stderr_data));
  std::vector<std::string> whiteouts;
  std::istringstream lines(listing->stdout_data);
  for (std::string entry; std::getline(lines, entry);) {
    fs::path p(entry);
    std::string base = p.filename().string();
    if (base == ".wh..wh..opq") {
      fs::path dir = fs::path(rootfs) / p.parent_path();
      std::error_code ec;
      if (fs::is_directory(dir, ec))
        for (const auto& child : fs::directory_iterator(dir, ec)) fs::remove_all(child.path(), ec);
    } else if (base.rfind(".wh.", 0) == 0) {
      whiteouts.push_back(entry);
    }
  }
  auto extract = run({"tar", "-xf", blob, "-C", rootfs, "--no-same-owner", "--exclude=.wh.*"});
  if (!extract.ok()) return extract.error();
  if (extract->exit_code != 0) return core::Error::internal("cannot unpack layer: " + trim(extract->stderr_data));
  for (const auto& entry : whiteouts) {
    fs::path p(entry);
    std::error_code ec;
    fs::remove_all(fs::path(rootfs) / p.parent_path() / p.filename().string().substr(4), ec);
  }
  return core::ok_status();
}

}  // namespace

ImageRef parse_image_ref(const std::string& image) {
  ImageRef ref;
  std::string rest = image;
  if (auto at = rest.find('@'); at != std::string::npos) {
    ref.digest = rest.substr(at + 1);
    rest = rest.substr(0, at);
  }
  auto slash = rest.find('/');
  std::string first = slash == std::string::npos ? "" : rest.substr(0, slash);
  if (!first.empty() &&
      (first.find('.') != std::string::npos || first.find(':') != std::string::npos || first == "localhost")) {
    ref.registry = first;
    rest = rest.substr(slash + 1);
  } else {
    ref.registry = "docker.io";
  }
  auto colon = rest.rfind(':');
  if (colon != std::string::npos) {
    ref.tag = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
  } else if (ref.digest.empty()) {
    ref.tag = "latest";
  }
  ref.repository = rest;
  return ref;
}

bool is_loopback_registry(const std::string& host) {
  std::string h = !host.empty() && host[0] == '[' ? host.substr(0, host.find(']') + 1) : host.substr(0, host.find(':'));
  return h == "localhost" || h.rfind("127.", 0) == 0 || h == "[::1]";
}

namespace {

// containers-auth.json (0600) so credentials never appear on a command line.
std::string write_authfile(const std::string& path, const std::string& registry_host, const std::string& user,
                           const std::string& password) {
  if (user.empty() && password.empty()) return "";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);
  std::ofstream out(path, std::ios::trunc);
  out << "{\"auths\":{\"" << registry_host << "\":{\"auth\":\"" << core::base64_encode(user + ":" + password)
      << "\"}}}";
  out.close();
  return path;
}

}  // namespace

core::Result<PulledImage> pull_and_unpack(const std::string& image, const std::string& scratch_dir,
                                          const std::string& rootfs, const RegistryAuth& auth) {
  ImageRef ref = parse_image_ref(image);
  // name:tag@digest is pulled by its digest, as containerd and docker do (skopeo refuses both at once);
  // roll-machines and pin-image name images that way.
  std::string source =
      "docker://" + (ref.digest.empty() ? image : ref.registry + "/" + ref.repository + "@" + ref.digest);
  const bool verify = auth.tls == Tls::kVerifyUnlessLoopback && !is_loopback_registry(ref.registry);
  const std::string tls = verify ? "true" : "false";
  fs::create_directories(fs::path(scratch_dir).parent_path());
  const std::string authfile = write_authfile(scratch_dir + ".auth.json", ref.registry, auth.username, auth.password);
  struct Cleanup {
    std::string path;
    ~Cleanup() {
      if (!path.empty()) ::unlink(path.c_str());
    }
  } cleanup{authfile};
  std::vector<std::string> inspect = {"skopeo", "inspect", "--raw", "--tls-verify=" + tls};
  if (!authfile.empty()) inspect.insert(inspect.end(), {"--authfile", authfile});
  inspect.push_back(source);
  auto raw = run(inspect);
  if (!raw.ok()) return pull_error(image, raw.error().message);
  if (raw->exit_code != 0) return pull_error(image, raw->stderr_data);
  PulledImage pulled;
  pulled.digest = ref.digest.empty() ? "sha256:" + core::sha256_hex(raw->stdout_data) : ref.digest;

  std::string by_digest = "docker://" + ref.registry + "/" + ref.repository + "@" + pulled.digest;
  std::error_code ec;
  fs::remove_all(scratch_dir, ec);
  std::vector<std::string> copy = {"skopeo",        "copy",  "--quiet",         "--src-tls-verify=" + tls,
                                   "--override-os", "linux", "--override-arch", "amd64"};
  if (!authfile.empty()) copy.insert(copy.end(), {"--src-authfile", authfile});
  copy.insert(copy.end(), {by_digest, "dir:" + scratch_dir});
  auto copied = run(copy);
  if (!copied.ok()) return pull_error(image, copied.error().message);
  if (copied->exit_code != 0) return pull_error(image, copied->stderr_data);

  rapidjson::Document manifest;
  std::string manifest_text = read_all(scratch_dir + "/manifest.json");
  manifest.Parse(manifest_text.c_str());
  if (manifest.HasParseError() || !manifest.IsObject() || !manifest.HasMember("config"))
    return pull_error(image, "unreadable image manifest");
  auto blob_path = [&](const rapidjson::Value& descriptor) {
    std::string digest = descriptor.HasMember("digest") ? descriptor["digest"].GetString() : "";
    return scratch_dir + "/" + digest.substr(digest.find(':') + 1);
  };
  rapidjson::Document config;
  std::string config_text = read_all(blob_path(manifest["config"]));
  config.Parse(config_text.c_str());
  if (!config.HasParseError() && config.IsObject() && config.HasMember("config") && config["config"].IsObject()) {
    const auto& c = config["config"];
    pulled.config.entrypoint = strings(c, "Entrypoint");
    pulled.config.cmd = strings(c, "Cmd");
    pulled.config.env = strings(c, "Env");
    if (c.HasMember("WorkingDir") && c["WorkingDir"].IsString())
      pulled.config.working_dir = c["WorkingDir"].GetString();
  }
  fs::create_directories(rootfs, ec);
  if (manifest.HasMember("layers") && manifest["layers"].IsArray()) {
    for (const auto& layer : manifest["layers"].GetArray()) {
      if (auto st = apply_layer(blob_path(layer), rootfs); !st.ok()) return pull_error(image, st.error().message);
    }
  }
  fs::remove_all(scratch_dir, ec);
  return pulled;
}

}  // namespace flypin::emulators::fly
