// The docker config.json (src/registry/credentials): a file on the runner that
// another step may have written. Read through the public resolver, as
// pin-image does; credential helpers are never found, so nothing is run.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/environment.h"
#include "core/process.h"
#include "registry/credentials.h"
#include "support/doubles/recording_process_runner.h"

namespace {

// A directory of its own for each input, gone when the input is done.
class ConfigDir {
 public:
  ConfigDir() {
    char tmpl[] = "/tmp/flypin-fuzz-docker-config-XXXXXX";
    if (mkdtemp(tmpl) == nullptr) std::abort();
    path_ = tmpl;
  }
  ~ConfigDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ConfigDir dir;
  {
    std::ofstream out(dir.path() + "/config.json", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  // PATH names the config dir: it holds no docker-credential-* program.
  flypin::core::Environment env({{"DOCKER_CONFIG", dir.path()}, {"PATH", dir.path()}});
  flypin::doubles::RecordingProcessRunner processes(
      [](const flypin::core::ProcessSpec&) -> flypin::core::ProcessResult { std::abort(); });
  flypin::registry::CredentialResolver resolver(env, processes,
                                                flypin::registry::CredentialScope::for_hosts({"127.0.0.1:5000"}));
  for (const char* domain : {"docker.io", "127.0.0.1:5000", "ghcr.io"}) (void)resolver.resolve(domain);
  return 0;
}
