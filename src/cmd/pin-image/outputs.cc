#include "cmd/pin-image/outputs.h"

namespace flypin::cmd::pin_image {

OutputList outputs_of(const Outcome& o) {
  return {{"image", o.image},     {"digest", o.digest},     {"secret-name", o.secret_name},
          {"changed", o.changed}, {"verified", o.verified}, {"secret-digest", o.secret_digest}};
}

}  // namespace flypin::cmd::pin_image
