# Project-wide compile settings applied to our own targets only (third-party headers are
# system includes and never see -Werror).
function(rapport_target_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wno-missing-field-initializers)
  # GCC 12 at -O2/-O3 reports false positives from inlined std::string and std::variant code
  # (GCC bugs 105329, 105651, 106199). The Debug test build keeps these warnings on.
  target_compile_options(${target} PRIVATE
    $<$<AND:$<CXX_COMPILER_ID:GNU>,$<NOT:$<CONFIG:Debug>>>:-Wno-restrict;-Wno-free-nonheap-object;-Wno-maybe-uninitialized>)
endfunction()

# A GoogleTest executable registered with CTest, one CTest entry per test case so that
# the ctest output names every case (and every backend of a parameterised case).
function(rapport_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES;FIXTURES" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  rapport_target_defaults(${name})
  target_link_libraries(${name} PRIVATE ${ARG_LIBRARIES} GTest::gtest GTest::gmock)
  set(_properties TIMEOUT 120)
  if(ARG_FIXTURES)
    list(APPEND _properties FIXTURES_REQUIRED "${ARG_FIXTURES}")
    list(APPEND _properties ENVIRONMENT "RAPPORT_TEST_PG_URL_FILE=${RAPPORT_TEST_PG_URL_FILE}")
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES ${_properties})
endfunction()

# A plugin's shared library, built the way the loader expects (cmake/RapportPluginPackage.cmake),
# with the project's warnings: for the kernel's tests of the loader, which need a bare library.
include(RapportPluginPackage)
function(rapport_add_plugin_library target)
  rapport_plugin_library(${target} ${ARGN})
  rapport_target_defaults(${target})
endfunction()
