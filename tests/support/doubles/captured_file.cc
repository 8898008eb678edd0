#include "support/doubles/captured_file.h"

namespace flypin::doubles {

std::string CapturedFile::text() const {
  std::fflush(file_);
  std::rewind(file_);
  std::string text;
  for (int c = std::fgetc(file_); c != EOF; c = std::fgetc(file_)) text += static_cast<char>(c);
  return text;
}

}  // namespace flypin::doubles
