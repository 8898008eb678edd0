# FLYPIN_SANITIZE=ON (scripts/test.sh): the test tree is the sanitizer tree.
# clang compiles every file with ASan and UBSan, no recovery (the first report
# ends the process), and with libFuzzer's coverage (fuzzer-no-link), so the
# fuzz targets of tests/fuzz link in this same tree and steer by the code of
# the libraries they call.
#
# The tests run the programs and emulators with environments of their own, so
# ASAN_OPTIONS would not reach them: every executable links
# tests/sanitize/sanitizer_defaults.cc, whose built-in options send each report
# to a file under FLYPIN_SANITIZER_REPORTS. scripts/test.sh empties that folder
# before ctest and fails on any file in it after, whichever process wrote it.
#
# The shipped programs are built apart, without sanitizers, by
# scripts/build-release.sh (tests/release); the benchmarks time those.
option(FLYPIN_SANITIZE "Build everything with ASan + UBSan and libFuzzer coverage (clang)" OFF)
set(FLYPIN_SANITIZER_REPORTS ${PROJECT_BINARY_DIR}/sanitizer-reports)
if(NOT FLYPIN_SANITIZE)
  return()
endif()
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "FLYPIN_SANITIZE needs clang (libFuzzer): -DCMAKE_CXX_COMPILER=clang++")
endif()

set(flypin_sanitizers -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
add_compile_options(${flypin_sanitizers} -fsanitize=fuzzer-no-link
  -fsanitize-ignorelist=${PROJECT_SOURCE_DIR}/tests/sanitize/ignorelist.txt)
add_link_options(${flypin_sanitizers})

file(MAKE_DIRECTORY ${FLYPIN_SANITIZER_REPORTS})
add_library(flypin_sanitizer_defaults OBJECT ${PROJECT_SOURCE_DIR}/tests/sanitize/sanitizer_defaults.cc)
target_compile_definitions(flypin_sanitizer_defaults PRIVATE
  FLYPIN_SANITIZER_LOG="${FLYPIN_SANITIZER_REPORTS}/report")
# Every executable made after this point (all of them: this is included before
# src/ and tests/) links the defaults; libraries do not.
link_libraries("$<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>:flypin_sanitizer_defaults>")
