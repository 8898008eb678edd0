# flypin_unit_tests(<binary> LIBS <targets>... [SOURCES <files>...] [PREFIX <prefix>])
#
# Registers a module's unit tests from the module's own CMakeLists.txt: one
# GoogleTest binary, each test a ctest entry labelled `unit`. SOURCES defaults
# to every *_test.cc beside the calling CMakeLists.txt, so a new test file
# cannot be forgotten. Every LIBS entry must be a target. Nothing is built when
# FLYPIN_BUILD_TESTS is off.
if(FLYPIN_BUILD_TESTS)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()

function(flypin_unit_tests target)
  cmake_parse_arguments(ARG "" "PREFIX" "SOURCES;LIBS" ${ARGN})
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "flypin_unit_tests(${target}): unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT FLYPIN_BUILD_TESTS)
    return()
  endif()
  if(NOT ARG_SOURCES)
    file(GLOB ARG_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "flypin_unit_tests(${target}): no *_test.cc in ${CMAKE_CURRENT_SOURCE_DIR}")
  endif()
  add_executable(${target} ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
  gtest_discover_tests(${target} TEST_PREFIX "${ARG_PREFIX}" DISCOVERY_TIMEOUT 30 PROPERTIES LABELS unit)
  # A misspelt or missing library is a configure error, not a link error later.
  cmake_language(EVAL CODE "
    cmake_language(DEFER DIRECTORY [[${PROJECT_SOURCE_DIR}]] CALL _flypin_require_targets [[${target}]] ${ARG_LIBS})")
endfunction()

function(_flypin_require_targets user)
  foreach(lib ${ARGN})
    if(NOT TARGET ${lib})
      message(FATAL_ERROR "${user} links ${lib}, which is not a target: is its module missing?")
    endif()
  endforeach()
endfunction()
