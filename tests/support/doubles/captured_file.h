#pragma once
// A std::FILE* standing in for stdout or the workflow-command stream, whose
// text a test reads back.

#include <cstdio>
#include <string>

namespace flypin::doubles {

class CapturedFile {
 public:
  CapturedFile() : file_(std::tmpfile()) {}
  ~CapturedFile() { std::fclose(file_); }
  CapturedFile(const CapturedFile&) = delete;
  CapturedFile& operator=(const CapturedFile&) = delete;

  std::FILE* get() const { return file_; }
  /// Everything written so far.
  std::string text() const;

 private:
  std::FILE* file_;
};

}  // namespace flypin::doubles
