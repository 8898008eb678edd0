#include "support/doubles/recording_process_runner.h"

namespace flypin::doubles {

core::Result<core::ProcessResult> RecordingProcessRunner::run(const core::ProcessSpec& spec) {
  calls.push_back(spec.argv);
  specs.push_back(spec);
  core::ProcessResult result;
  result.exit_code = 0;
  if (script_) result = script_(spec);
  if (spec.on_line) {
    for (size_t start = 0, nl; (nl = result.output.find('\n', start)) != std::string::npos; start = nl + 1) {
      spec.on_line(result.output.substr(start, nl - start));
    }
  }
  return result;
}

}  // namespace flypin::doubles
