# The CTest fixture partner_plugin: does what a partner does with the SDK package, from scratch.
#   cmake -DBUILD_DIR=<this build> -DSOURCE_DIR=<source tree> -DWORK_DIR=<scratch dir>
#         -DGENERATOR=... -DMAKE_PROGRAM=... -DCXX_COMPILER=... -DBUILD_TYPE=... [-DLAUNCHER=ccache]
#         -P partner_plugin_build.cmake
# 1. installs BUILD_DIR into WORK_DIR/prefix (the SDK package, with bin/rapport);
# 2. makes a key pair with the installed rapport: WORK_DIR/hello_partner.key and .pub;
# 3. configures and builds sdk/examples/hello_partner against the prefix in WORK_DIR/build,
#    which packs and signs WORK_DIR/build/hello_partner-1.0.0.rpk and builds the plugin's own
#    tests on the SDK's test kit (run by the test partner_plugin.testkit).
# The plugin is built with the compiler of BUILD_DIR; a sanitized SDK passes its sanitizer flags
# on to the plugin through Rapport::sdk.
foreach(variable BUILD_DIR SOURCE_DIR WORK_DIR GENERATOR CXX_COMPILER)
  if(NOT ${variable})
    message(FATAL_ERROR "partner_plugin_build.cmake: -D${variable}=... is missing")
  endif()
endforeach()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE output
                  ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    list(JOIN ARGN " " command)
    message(FATAL_ERROR "failed (${result}): ${command}\n${output}")
  endif()
endfunction()

set(prefix "${WORK_DIR}/prefix")
set(build "${WORK_DIR}/build")
file(REMOVE_RECURSE "${WORK_DIR}")

run("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}")
foreach(file bin/rapport include/rapport/sdk/plugin.hpp lib/cmake/RapportSDK/RapportSDKConfig.cmake)
  if(NOT EXISTS "${prefix}/${file}")
    message(FATAL_ERROR "the installed SDK has no ${file}")
  endif()
endforeach()

run("${CMAKE_COMMAND}" "-DRAPPORT=${prefix}/bin/rapport"
    "-DSECRET_KEY=${WORK_DIR}/hello_partner.key" "-DPUBLIC_KEY=${WORK_DIR}/hello_partner.pub"
    -P "${SOURCE_DIR}/cmake/RapportPlugin.cmake")

set(configure "${CMAKE_COMMAND}" -S "${SOURCE_DIR}/sdk/examples/hello_partner" -B "${build}"
    -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
    "-DCMAKE_PREFIX_PATH=${prefix}" "-DHELLO_PARTNER_KEY=${WORK_DIR}/hello_partner.key"
    -DHELLO_PARTNER_TESTS=ON)
if(MAKE_PROGRAM)
  list(APPEND configure "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
if(LAUNCHER)
  list(APPEND configure "-DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER}")
endif()
run(${configure})
run("${CMAKE_COMMAND}" --build "${build}")

if(NOT EXISTS "${build}/hello_partner-1.0.0.rpk")
  message(FATAL_ERROR "the build made no ${build}/hello_partner-1.0.0.rpk")
endif()
message(STATUS "packed ${build}/hello_partner-1.0.0.rpk, signed with ${WORK_DIR}/hello_partner.key")
