// The Supabase secrets list (src/supabase/secrets_json): a Management API response body.
#include <cstdint>
#include <string_view>

#include "supabase/secrets_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)flypin::supabase::decode_secret_list(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
