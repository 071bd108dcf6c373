# Building plugins as installable packages (ARCHITECTURE.md §3):
#   rapport_add_plugin(NAME <id> SOURCES ... MANIFEST plugin.yaml [VERSION <version>]
#                      [TARGET <target>] [PACKAGE_DIR <dir>])
# builds lib<id>.so with the manifest embedded (the source includes "<id>_manifest.hpp" and
# passes rapport::<id>::manifest_yaml to RAPPORT_PLUGIN), and packs the library with the manifest
# (and views/, data/, migrations/ when the plugin has them) into
# ${RAPPORT_PLUGIN_PACKAGE_DIR}/<id>-<version>.rpk, signed with the build tree's key. VERSION
# defaults to the manifest's; TARGET (default rapport_plugin_<id>) names the library target, so
# that tests can build two versions of one plugin; PACKAGE_DIR puts the package elsewhere than
# among the bundled ones. The target rapport_plugins (part of `all`) builds every package;
# the server trusts the public key written to ${RAPPORT_PLUGIN_PUBLIC_KEY}.
#
# Run with `cmake -P`, this file generates that key pair instead (the block just below).

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

# The raw string that carries the manifest into the library; the manifest must not contain
# its closing sequence.
set(_RAPPORT_MANIFEST_DELIMITER "rapport_manifest")

function(rapport_add_plugin)
  cmake_parse_arguments(ARG "" "NAME;MANIFEST;VERSION;TARGET;PACKAGE_DIR" "SOURCES" ${ARGN})
  foreach(required NAME SOURCES MANIFEST)
    if(NOT ARG_${required})
      message(FATAL_ERROR "rapport_add_plugin: ${required} is missing")
    endif()
  endforeach()
  set(id "${ARG_NAME}")
  cmake_path(ABSOLUTE_PATH ARG_MANIFEST BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    OUTPUT_VARIABLE manifest)

  # The package name and the library's descriptor come from the manifest: check they agree
  # here rather than have the server refuse the package.
  file(READ "${manifest}" manifest_text)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${manifest}")
  string(REGEX MATCH "(^|\n)id:[ ]*([a-z0-9_]+)" _ "${manifest_text}")
  set(manifest_id "${CMAKE_MATCH_2}")
  string(REGEX MATCH "(^|\n)version:[ ]*[\"']?([0-9A-Za-z.+-]+)" _ "${manifest_text}")
  set(manifest_version "${CMAKE_MATCH_2}")
  if(NOT manifest_id STREQUAL id)
    message(FATAL_ERROR "rapport_add_plugin(${id}): ${manifest} says id '${manifest_id}'")
  endif()
  if(NOT ARG_VERSION)
    set(ARG_VERSION "${manifest_version}")
  elseif(NOT ARG_VERSION STREQUAL manifest_version)
    message(FATAL_ERROR "rapport_add_plugin(${id}): VERSION ${ARG_VERSION}, "
                        "but ${manifest} says '${manifest_version}'")
  endif()
  string(FIND "${manifest_text}" ")${_RAPPORT_MANIFEST_DELIMITER}\"" delimiter_at)
  if(NOT delimiter_at EQUAL -1)
    message(FATAL_ERROR "${manifest} contains )${_RAPPORT_MANIFEST_DELIMITER}\", "
                        "which ends the raw string it is embedded in")
  endif()

  # <id>_manifest.hpp: the manifest byte for byte, as rapport::<id>::manifest_yaml.
  set(generated_dir "${CMAKE_CURRENT_BINARY_DIR}/generated")
  cmake_path(RELATIVE_PATH manifest BASE_DIRECTORY "${CMAKE_SOURCE_DIR}" OUTPUT_VARIABLE source)
  set(MANIFEST_YAML "${manifest_text}")
  file(CONFIGURE OUTPUT "${generated_dir}/${id}_manifest.hpp" @ONLY CONTENT
"// Generated by CMake (rapport_add_plugin) from ${source}; edit that file instead.
// The loader compares this text with the package's plugin.yaml byte for byte.
#pragma once

namespace rapport::${id} {

inline constexpr char manifest_yaml[] =
    R\"${_RAPPORT_MANIFEST_DELIMITER}(@MANIFEST_YAML@)${_RAPPORT_MANIFEST_DELIMITER}\";

}  // namespace rapport::${id}
")

  set(library rapport_plugin_${id})
  if(ARG_TARGET)
    set(library ${ARG_TARGET})
  endif()
  set(package_dir "${RAPPORT_PLUGIN_PACKAGE_DIR}")
  if(ARG_PACKAGE_DIR)
    set(package_dir "${ARG_PACKAGE_DIR}")
  endif()
  rapport_add_plugin_library(${library} SOURCES ${ARG_SOURCES} OUTPUT_NAME ${id})
  target_include_directories(${library} PRIVATE "${generated_dir}")
  # Kept beside the plugin's other build files: what the server installs is the package.
  set_target_properties(${library} PROPERTIES
    LIBRARY_OUTPUT_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")

  # Staged afresh each time so that nothing removed from the source lingers in the package.
  set(stage "${CMAKE_CURRENT_BINARY_DIR}/package")
  set(package "${package_dir}/${id}-${ARG_VERSION}.rpk")
  set(stage_commands
    COMMAND "${CMAKE_COMMAND}" -E rm -rf "${stage}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${stage}/lib" "${package_dir}"
    COMMAND "${CMAKE_COMMAND}" -E copy "${manifest}" "${stage}/plugin.yaml"
    COMMAND "${CMAKE_COMMAND}" -E copy "$<TARGET_FILE:${library}>" "${stage}/lib/lib${id}.so")
  set(optional_files "")
  foreach(folder views data migrations)
    if(IS_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}/${folder}")
      file(GLOB_RECURSE files CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/${folder}/*")
      list(APPEND optional_files ${files})
      list(APPEND stage_commands
        COMMAND "${CMAKE_COMMAND}" -E copy_directory "${CMAKE_CURRENT_SOURCE_DIR}/${folder}"
                "${stage}/${folder}")
    endif()
  endforeach()
  add_custom_command(
    OUTPUT "${package}"
    ${stage_commands}
    COMMAND "$<TARGET_FILE:rapport>" plugin pack "${stage}" -o "${package}"
            --key "${RAPPORT_PLUGIN_SIGNING_KEY}"
    DEPENDS ${library} rapport "${manifest}" ${optional_files} "${RAPPORT_PLUGIN_SIGNING_KEY}"
    COMMENT "Packing plugin ${id} ${ARG_VERSION} into ${package}"
    VERBATIM)
  add_custom_target(${library}_package DEPENDS "${package}")
  add_dependencies(${library}_package rapport_plugin_signing_key)
  add_dependencies(rapport_plugins ${library}_package)
endfunction()
