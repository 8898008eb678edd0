#include "emulators/fly/runtime/output_capture.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <mutex>
#include <vector>

namespace flypin::emulators::fly {
namespace {

using std::chrono::milliseconds;

struct Captured {
  std::mutex mutex;
  std::vector<std::pair<Stream, std::string>> lines;
  OutputCapture::Sink sink() {
    return [this](Stream s, std::string line) {
      std::lock_guard lock(mutex);
      lines.emplace_back(s, std::move(line));
    };
  }
};

void put(int fd, const std::string& text) { ASSERT_EQ(::write(fd, text.data(), text.size()), ssize_t(text.size())); }

TEST(OutputCapture, HandsOverEachLineOfEachStreamAndTheLastOneWithoutANewline) {
  int out[2], err[2];
  ASSERT_EQ(::pipe2(out, O_CLOEXEC), 0);
  ASSERT_EQ(::pipe2(err, O_CLOEXEC), 0);
  Captured got;
  OutputCapture capture(out[0], err[0], got.sink());
  put(out[1], "one\ntw");
  put(out[1], "o\r\n");
  put(err[1], "oops\n");
  put(out[1], "three");
  ::close(out[1]);
  ::close(err[1]);
  capture.finish(milliseconds(2000));
  std::vector<std::string> stdout_lines, stderr_lines;
  for (const auto& [s, line] : got.lines) (s == Stream::kStdout ? stdout_lines : stderr_lines).push_back(line);
  EXPECT_EQ(stdout_lines, (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(stderr_lines, std::vector<std::string>{"oops"});
}

TEST(OutputCapture, CutsEndlessLinesIntoPieces) {
  int out[2], err[2];
  ASSERT_EQ(::pipe2(out, O_CLOEXEC), 0);
  ASSERT_EQ(::pipe2(err, O_CLOEXEC), 0);
  Captured got;
  OutputCapture capture(out[0], err[0], got.sink());
  std::thread writer([fd = out[1]] {
    put(fd, std::string(OutputCapture::kMaxLine * 2 + 5, 'x'));
    ::close(fd);
  });
  ::close(err[1]);
  writer.join();
  capture.finish(milliseconds(2000));
  ASSERT_EQ(got.lines.size(), 3u);
  EXPECT_EQ(got.lines[0].second.size(), OutputCapture::kMaxLine);
  EXPECT_EQ(got.lines[2].second.size(), 5u);
}

TEST(OutputCapture, StopsWaitingForAStreamSomeoneKeepsOpen) {
  int out[2], err[2];
  ASSERT_EQ(::pipe2(out, O_CLOEXEC), 0);
  ASSERT_EQ(::pipe2(err, O_CLOEXEC), 0);
  Captured got;
  OutputCapture capture(out[0], err[0], got.sink());
  put(out[1], "still here\n");
  const auto start = std::chrono::steady_clock::now();
  capture.finish(milliseconds(100));  // out[1] and err[1] stay open: an escaped child
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(2000));
  ASSERT_EQ(got.lines.size(), 1u);
  EXPECT_EQ(got.lines[0].second, "still here");
  ::close(out[1]);
  ::close(err[1]);
}

}  // namespace
}  // namespace flypin::emulators::fly
