#pragma once
// Request body checks per the spec's CreateSecretBody and DeleteSecretsBody
// schemas, and the path parameter rule for project refs.

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace flypin::emulators::supabase {

/// Parsed secrets, or the message of a 400 answer.
using CreateBody = std::variant<std::vector<std::pair<std::string, std::string>>, std::string>;
using DeleteBody = std::variant<std::vector<std::string>, std::string>;

CreateBody parse_create_body(std::string_view body);
DeleteBody parse_delete_body(std::string_view body);
/// ^[a-z]{20}$
bool valid_project_ref(std::string_view ref);

}  // namespace flypin::emulators::supabase
