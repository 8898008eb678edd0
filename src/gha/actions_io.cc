#include "gha/actions_io.h"

#include <fstream>

#include "core/crypto.h"
#include "core/redact.h"
#include "gha/markdown.h"

namespace flypin::gha {

std::string escape_data(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}

std::string escape_property(const std::string& s) {
  std::string out;
  for (char c : escape_data(s)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

std::string output_block(const std::string& name, const std::string& value) {
  std::string delim;
  do {
    delim = "ghadelimiter_" + core::random_hex(16);
  } while (value.find(delim) != std::string::npos || name.find(delim) != std::string::npos);
  return name + "<<" + delim + "\n" + value + "\n" + delim + "\n";
}

ActionsIO::ActionsIO(const core::Environment& env, std::FILE* out)
    : in_actions_(env.is_true("GITHUB_ACTIONS")),
      output_path_(env.get_or("GITHUB_OUTPUT", "")),
      summary_path_(env.get_or("GITHUB_STEP_SUMMARY", "")),
      out_(out) {
  if (in_actions_) {
    core::observe_secrets([this](const std::string& secret) { command("::add-mask::" + escape_data(secret)); });
  }
}

ActionsIO::~ActionsIO() {
  if (in_actions_) core::observe_secrets({});
}

void ActionsIO::command(const std::string& text) {
  if (!in_actions_) return;
  std::fputs(text.c_str(), out_);
  std::fputc('\n', out_);
  std::fflush(out_);
}

void ActionsIO::mask(const std::string& secret) { core::register_secret(secret); }

namespace {
core::Status append_file(const std::string& path, const std::string& text, const char* what) {
  std::ofstream f(path, std::ios::app | std::ios::binary);
  if (!f) return core::Error::internal(std::string("cannot open ") + what + " file " + path);
  f << text;
  f.flush();
  if (!f) return core::Error::internal(std::string("cannot write ") + what + " file " + path);
  return core::ok_status();
}
}  // namespace

core::Status ActionsIO::set_output(const std::string& name, const std::string& value) {
  if (output_path_.empty()) return core::ok_status();
  return append_file(output_path_, output_block(name, core::redact(value)), "GITHUB_OUTPUT");
}

core::Status ActionsIO::append_summary(const std::string& markdown) {
  if (summary_path_.empty()) return core::ok_status();
  std::string text = capped_summary(core::redact(markdown));
  if (!text.empty() && text.back() != '\n') text += '\n';
  return append_file(summary_path_, text, "GITHUB_STEP_SUMMARY");
}

void ActionsIO::group_begin(const std::string& title) { command("::group::" + escape_data(title)); }
void ActionsIO::group_end() { command("::endgroup::"); }

void ActionsIO::error_annotation(const std::string& title, const std::string& message) {
  command("::error title=" + escape_property(title) + "::" + escape_data(core::redact(message)));
}

void ActionsIO::warning_annotation(const std::string& title, const std::string& message) {
  command("::warning title=" + escape_property(title) + "::" + escape_data(core::redact(message)));
}

}  // namespace flypin::gha
