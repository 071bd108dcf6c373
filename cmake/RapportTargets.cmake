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

# A plugin's shared library, built the way the loader expects (ARCHITECTURE.md §3): hidden
# symbols but the descriptor, and no GNU unique symbols, so two versions never share statics.
function(rapport_add_plugin_library target)
  cmake_parse_arguments(ARG "" "OUTPUT_NAME" "SOURCES" ${ARGN})
  add_library(${target} MODULE ${ARG_SOURCES})
  rapport_target_defaults(${target})
  target_link_libraries(${target} PRIVATE Rapport::sdk)
  set_target_properties(${target} PROPERTIES CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  target_compile_options(${target} PRIVATE -fno-gnu-unique)
  if(ARG_OUTPUT_NAME)
    set_target_properties(${target} PROPERTIES OUTPUT_NAME ${ARG_OUTPUT_NAME})
  endif()
endfunction()
