#pragma once
// Request bodies of the two write operations, checked as GitHub checks them:
// create-deployment against its JSON schema ("Invalid request.\n\n\"ref\"
// wasn't supplied.", "For 'properties/task', 5 is not a string."), and
// create-status by its model (state in the list, description at most 140
// characters; other fields are not type-checked, and auto_inactive is off
// only for JSON false, as in GitHub's Ruby).

#include <string_view>
#include <variant>

#include "emulators/github/api/api_error.h"
#include "emulators/github/model/deployment.h"

namespace flypin::emulators::github {

std::variant<NewDeployment, ApiError> parse_new_deployment(std::string_view body);
std::variant<NewStatus, ApiError> parse_new_status(std::string_view body);

}  // namespace flypin::emulators::github
