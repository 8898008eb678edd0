#pragma once
// Where the real service's behaviour is unknown, an emulator offers each
// plausible answer as a variant, chosen when it starts (--variant NAME=VALUE,
// repeatable, or the emulator's environment variable as NAME=VALUE,...), and
// the programs' tests run under every one of them. Each emulator declares
// its catalogue; the first value of each entry is its default. The catalogue
// is what --help lists and what GET /_admin/variants answers; FIDELITY.md
// beside each emulator says why each variant exists.

#include <optional>
#include <string>
#include <vector>

namespace flypin::emulators {

struct VariantSpec {
  std::string name;                 // e.g. "update-of-stopped"
  std::vector<std::string> values;  // the first is the default
  std::string why;                  // one line: what is unknown, and the ledger row
};

class Variants {
 public:
  explicit Variants(std::vector<VariantSpec> catalogue);

  /// "NAME=VALUE"; the problem (one line) or nullopt.
  std::optional<std::string> set(const std::string& assignment);
  /// "NAME=VALUE,NAME=VALUE" (an environment variable's form); blanks are skipped.
  std::optional<std::string> set_list(const std::string& list);

  /// The value chosen for `name` (its default unless set). Throws std::out_of_range for a name not in the catalogue.
  const std::string& value(const std::string& name) const;
  bool is(const std::string& name, const std::string& value) const { return this->value(name) == value; }

  /// One line per variant for --help: "  name  a|b|c (default a): why".
  std::string help() const;
  /// {"name":{"value":"...","values":[...],"default":"..."},...}
  std::string to_json() const;
  /// "name=value" for every variant not at its default, comma-separated ("" when none).
  std::string chosen() const;

 private:
  struct Entry {
    VariantSpec spec;
    std::string value;
  };
  const Entry* find(const std::string& name) const;
  std::vector<Entry> entries_;
};

/// The choices an emulator was started with: the environment variable
/// `env_name` (NAME=VALUE,...) first, then every --variant flag; the problem
/// (one line, for exit 2) or nullopt.
std::optional<std::string> choose_variants(Variants& variants, const char* env_name,
                                           const std::vector<std::string>& flags);

}  // namespace flypin::emulators
