// The docker config.json (src/registry/credentials): a file on the runner that
// another step may have written. Read through the public resolver, as
// pin-image does; credential helpers are never found, so nothing is run.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "core/environment.h"
#include "core/process.h"
#include "registry/credentials.h"

namespace {

class NoProcesses : public flypin::core::ProcessRunner {
 public:
  flypin::core::Result<flypin::core::ProcessResult> run(const flypin::core::ProcessSpec&) override { std::abort(); }
};

const std::string& config_dir() {
  static const std::string dir = [] {
    char tmpl[] = "/tmp/flypin-fuzz-docker-config-XXXXXX";
    const char* made = mkdtemp(tmpl);
    if (made == nullptr) std::abort();
    return std::string(made);
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  {
    std::ofstream out(config_dir() + "/config.json", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  // PATH names the config dir: it holds no docker-credential-* program.
  flypin::core::Environment env({{"DOCKER_CONFIG", config_dir()}, {"PATH", config_dir()}});
  NoProcesses processes;
  flypin::registry::CredentialResolver resolver(env, processes);
  for (const char* domain : {"docker.io", "127.0.0.1:5000", "ghcr.io"}) (void)resolver.resolve(domain);
  return 0;
}
