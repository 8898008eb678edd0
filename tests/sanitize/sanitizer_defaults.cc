// Linked into every executable of the sanitizer tree (cmake/sanitize.cmake).
// The end-to-end tests run the programs and emulators with an environment of
// their own, so ASAN_OPTIONS would not reach them: the options are built in,
// and every report goes to a file under FLYPIN_SANITIZER_LOG that
// scripts/test.sh collects and fails on (tests/sanitize/reports.sh), whichever
// process wrote it.
//
// quarantine_size_mb=16: the hostile tests bound a program's peak memory, and
// ASan's default quarantine keeps the last 256 MiB of freed memory mapped, so a
// run that reads megabytes through short-lived buffers peaked at ASan's
// quarantine (230 MiB), not its own (21 MiB shipped). A use after any of the
// last 16 MiB freed is still caught.

extern "C" const char* __asan_default_options() {
  return "halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:"
         "quarantine_size_mb=16:log_path=" FLYPIN_SANITIZER_LOG;
}

extern "C" const char* __ubsan_default_options() {
  return "halt_on_error=1:print_stacktrace=1:log_path=" FLYPIN_SANITIZER_LOG;
}

extern "C" const char* __lsan_default_options() { return "log_path=" FLYPIN_SANITIZER_LOG; }
