#include "support/hostile/tiny_image.h"

#include "core/crypto.h"

namespace flypin::hostile {

TinyImage tiny_image(const std::string& architecture) {
  TinyImage image;
  image.config =
      R"({"os":"linux","architecture":")" + architecture + R"(","config":{},"rootfs":{"type":"layers","diff_ids":[]}})";
  image.config_digest = "sha256:" + core::sha256_hex(image.config);
  image.manifest = R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{)"
                   R"("mediaType":"application/vnd.oci.image.config.v1+json","digest":")" +
                   image.config_digest + R"(","size":)" + std::to_string(image.config.size()) + R"(},"layers":[]})";
  image.manifest_digest = "sha256:" + core::sha256_hex(image.manifest);
  return image;
}

}  // namespace flypin::hostile
