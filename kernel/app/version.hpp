// The version of this build, from the CMake project version.
#pragma once

namespace rapport::app {

inline constexpr const char* version = RAPPORT_VERSION;

}  // namespace rapport::app
