#include "emulators/common/variants.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "core/json.h"

namespace flypin::emulators {

Variants::Variants(std::vector<VariantSpec> catalogue) {
  for (auto& spec : catalogue) {
    if (spec.values.empty()) throw std::invalid_argument("variant " + spec.name + " has no values");
    std::string first = spec.values.front();
    entries_.push_back({std::move(spec), std::move(first)});
  }
}

const Variants::Entry* Variants::find(const std::string& name) const {
  for (const auto& e : entries_)
    if (e.spec.name == name) return &e;
  return nullptr;
}

std::optional<std::string> Variants::set(const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos) return "a variant is NAME=VALUE, not '" + assignment + "'";
  const std::string name = assignment.substr(0, eq), value = assignment.substr(eq + 1);
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.spec.name == name; });
  if (it == entries_.end()) return "no variant named '" + name + "' (see --help)";
  const auto& values = it->spec.values;
  if (std::find(values.begin(), values.end(), value) == values.end()) {
    std::string allowed;
    for (const auto& v : values) allowed += (allowed.empty() ? "" : "|") + v;
    return "variant " + name + " is one of " + allowed + ", not '" + value + "'";
  }
  it->value = value;
  return std::nullopt;
}

std::optional<std::string> Variants::set_list(const std::string& list) {
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (item.empty()) continue;
    if (auto problem = set(item)) return problem;
  }
  return std::nullopt;
}

const std::string& Variants::value(const std::string& name) const {
  const Entry* e = find(name);
  if (e == nullptr) throw std::out_of_range("no variant named " + name);
  return e->value;
}

std::string Variants::help() const {
  std::string out;
  for (const auto& e : entries_) {
    std::string values;
    for (const auto& v : e.spec.values) values += (values.empty() ? "" : "|") + v;
    out += "  " + e.spec.name + "  " + values + " (default " + e.spec.values.front() + "): " + e.spec.why + "\n";
  }
  return out;
}

std::string Variants::to_json() const {
  std::string out = "{";
  for (const auto& e : entries_) {
    if (out.size() > 1) out += ",";
    std::string values = "[";
    for (const auto& v : e.spec.values) values += (values.size() > 1 ? "," : "") + core::json::quote(v);
    out += core::json::quote(e.spec.name) + ":{\"value\":" + core::json::quote(e.value) +
           ",\"default\":" + core::json::quote(e.spec.values.front()) + ",\"values\":" + values + "]}";
  }
  return out + "}";
}

std::string Variants::chosen() const {
  std::string out;
  for (const auto& e : entries_)
    if (e.value != e.spec.values.front()) out += (out.empty() ? "" : ",") + e.spec.name + "=" + e.value;
  return out;
}

std::optional<std::string> choose_variants(Variants& variants, const char* env_name,
                                           const std::vector<std::string>& flags) {
  if (const char* env = std::getenv(env_name)) {
    if (auto problem = variants.set_list(env)) return std::string(env_name) + ": " + *problem;
  }
  for (const auto& flag : flags) {
    if (auto problem = variants.set(flag)) return "--variant: " + *problem;
  }
  return std::nullopt;
}

}  // namespace flypin::emulators
