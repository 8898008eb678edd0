#pragma once
// GitHub Actions I/O: masks, outputs (GITHUB_OUTPUT, multi-line safe), the
// step summary, groups and annotations. Outside Actions the workflow commands
// are skipped and outputs go nowhere but --json.

#include <cstdio>
#include <string>
#include <vector>

#include "core/environment.h"
#include "core/result.h"

namespace flypin::gha {

class ActionsIO {
 public:
  /// `out` receives workflow commands (stdout under Actions). Under Actions,
  /// from construction on, every secret registered with core::register_secret
  /// (before or after, by any module) is announced with ::add-mask:: the moment
  /// it is registered; the destructor stops that.
  explicit ActionsIO(const core::Environment& env, std::FILE* out = stdout);
  ~ActionsIO();
  ActionsIO(const ActionsIO&) = delete;
  ActionsIO& operator=(const ActionsIO&) = delete;

  bool in_actions() const { return in_actions_; }

  /// Register a secret for redaction everywhere (and so, under Actions, print
  /// ::add-mask:: for it and its derived forms). Call before anything else is printed.
  void mask(const std::string& secret);

  /// Append name=value to GITHUB_OUTPUT using a random heredoc delimiter.
  core::Status set_output(const std::string& name, const std::string& value);
  /// Append Markdown to GITHUB_STEP_SUMMARY, cut to gha::kMaxSummaryBytes (markdown.h).
  core::Status append_summary(const std::string& markdown);

  void group_begin(const std::string& title);
  void group_end();
  /// ::error title=...::message (also printed as a plain error outside Actions by the caller).
  void error_annotation(const std::string& title, const std::string& message);
  void warning_annotation(const std::string& title, const std::string& message);

 private:
  void command(const std::string& text);

  bool in_actions_;
  std::string output_path_;
  std::string summary_path_;
  std::FILE* out_;
};

/// Escape data for a workflow command (%, \r, \n) and properties (also : and ,).
std::string escape_data(const std::string& s);
std::string escape_property(const std::string& s);

/// The `name<<DELIM\nvalue\nDELIM\n` block for GITHUB_OUTPUT; the delimiter is
/// chosen again when the value happens to contain it.
std::string output_block(const std::string& name, const std::string& value);

}  // namespace flypin::gha
