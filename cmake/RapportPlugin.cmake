# Building the source tree's plugins as installable packages (ARCHITECTURE.md §3):
#   rapport_add_plugin(NAME <id> SOURCES ... MANIFEST plugin.yaml [VERSION <version>]
#                      [TARGET <target>] [PACKAGE_DIR <dir>])
# is rapport_plugin_package of cmake/RapportPluginPackage.cmake (which says what it builds, and
# which the SDK package installs for partners) with the source tree's settings: the package goes
# to ${RAPPORT_PLUGIN_PACKAGE_DIR} unless PACKAGE_DIR puts it elsewhere (tests keep theirs apart
# from the bundled ones), it is signed with the build tree's key, and the library gets the
# project's warnings. The target rapport_plugins (part of `all`) builds every package; the
# server trusts the public key written to ${RAPPORT_PLUGIN_PUBLIC_KEY}.
#
# Run with `cmake -P`, this file generates that key pair instead (the block just below); the
# partner plugin test uses it with the installed `rapport` too.

if(CMAKE_SCRIPT_MODE_FILE)
  # Called as: cmake -DRAPPORT=<rapport> -DSECRET_KEY=<file> -DPUBLIC_KEY=<file> -P <this file>
  # A key pair is generated whole or not at all: the secret key cannot be read back into its
  # public half here, so when either file is missing both are made again. Packages signed with
  # the old key depend on the key file and are signed again.
  file(REMOVE "${SECRET_KEY}" "${PUBLIC_KEY}")
  execute_process(COMMAND "${RAPPORT}" keygen "${SECRET_KEY}"
    OUTPUT_VARIABLE _output ERROR_VARIABLE _error RESULT_VARIABLE _result)
  if(NOT _result EQUAL 0)
    message(FATAL_ERROR "rapport keygen failed (${_result}): ${_error}")
  endif()
  # `rapport keygen` prints the public key alone on the last line, indented.
  string(STRIP "${_output}" _output)
  string(REGEX REPLACE "^.*\n[ \t]*" "" _public_key "${_output}")
  if(NOT _public_key MATCHES "^[A-Za-z0-9+/]+=*$")
    file(REMOVE "${SECRET_KEY}")
    message(FATAL_ERROR "no public key in the output of rapport keygen:\n${_output}")
  endif()
  file(WRITE "${PUBLIC_KEY}" "${_public_key}\n")
  return()
endif()

include_guard(GLOBAL)

set(RAPPORT_PLUGIN_PACKAGE_DIR "${CMAKE_BINARY_DIR}/share/rapport/plugins"
  CACHE PATH "Where the bundled plugins' packages (.rpk) are written")
# The secret key stays in the build tree; the public key lies beside the packages, where the
# server looks for the keys of its bundled plugins (plugins.bundled_dir/*.pub).
set(RAPPORT_PLUGIN_SIGNING_KEY "${CMAKE_BINARY_DIR}/plugin-signing.key")
set(RAPPORT_PLUGIN_PUBLIC_KEY "${RAPPORT_PLUGIN_PACKAGE_DIR}/plugin-signing.pub")

# The build tree's signing key, made once: nothing but a missing file makes it again.
add_custom_command(
  OUTPUT "${RAPPORT_PLUGIN_SIGNING_KEY}" "${RAPPORT_PLUGIN_PUBLIC_KEY}"
  COMMAND "${CMAKE_COMMAND}" "-DRAPPORT=$<TARGET_FILE:rapport>"
          "-DSECRET_KEY=${RAPPORT_PLUGIN_SIGNING_KEY}" "-DPUBLIC_KEY=${RAPPORT_PLUGIN_PUBLIC_KEY}"
          -P "${CMAKE_CURRENT_LIST_FILE}"
  COMMENT "Generating the plugin signing key ${RAPPORT_PLUGIN_SIGNING_KEY}"
  VERBATIM)
add_custom_target(rapport_plugin_signing_key
  DEPENDS "${RAPPORT_PLUGIN_SIGNING_KEY}" "${RAPPORT_PLUGIN_PUBLIC_KEY}")
add_custom_target(rapport_plugins ALL)

include(RapportPluginPackage)

function(rapport_add_plugin)
  cmake_parse_arguments(ARG "" "NAME;MANIFEST;VERSION;TARGET;PACKAGE_DIR" "SOURCES" ${ARGN})
  set(library rapport_plugin_${ARG_NAME})
  if(ARG_TARGET)
    set(library ${ARG_TARGET})
  endif()
  set(package_dir "${RAPPORT_PLUGIN_PACKAGE_DIR}")
  if(ARG_PACKAGE_DIR)
    set(package_dir "${ARG_PACKAGE_DIR}")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "rapport_add_plugin(${ARG_NAME}): unknown ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  rapport_plugin_package(NAME ${ARG_NAME} SOURCES ${ARG_SOURCES} MANIFEST "${ARG_MANIFEST}"
    VERSION ${ARG_VERSION} TARGET ${library} PACKAGE_DIR "${package_dir}"
    KEY "${RAPPORT_PLUGIN_SIGNING_KEY}")
  rapport_target_defaults(${library})
  add_dependencies(${library}_package rapport_plugin_signing_key)
  add_dependencies(rapport_plugins ${library}_package)
endfunction()
