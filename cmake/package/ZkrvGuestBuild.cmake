# Building a project's guests from its host build (installed with the zkrv CMake package).
#
#   zkrv_add_guests(<target> [SOURCE_DIR <dir>])
#
# Configures <dir> (default: this CMakeLists.txt's folder) a second time as a guest project, with the
# guest toolchain and ZKRV_GUEST_BUILD=ON, and builds it whenever <target> is built; every guest ELF
# lands in <target>_BIN_DIR (also the target property ZKRV_GUEST_BIN_DIR). The guest project calls
# find_package(zkrv) too, which there provides zkrv_add_guest(). One CMakeLists.txt can serve both:
#
#   if(ZKRV_GUEST_BUILD)
#     zkrv_add_guest(my_guest SOURCES guest/main.c)
#     return()
#   endif()
#   zkrv_add_guests(guests)
#   add_executable(host host/main.cpp)
#   target_link_libraries(host PRIVATE zkrv::zkrv)
#   add_dependencies(host guests)
include_guard(GLOBAL)
include(ExternalProject)

function(zkrv_add_guests target)
  cmake_parse_arguments(ARG "" "SOURCE_DIR" "" ${ARGN})
  if(NOT ARG_SOURCE_DIR)
    set(ARG_SOURCE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
  endif()
  set(bin_dir ${CMAKE_CURRENT_BINARY_DIR}/${target}/bin)
  ExternalProject_Add(${target}
    SOURCE_DIR ${ARG_SOURCE_DIR}
    PREFIX ${CMAKE_CURRENT_BINARY_DIR}/${target}
    BINARY_DIR ${CMAKE_CURRENT_BINARY_DIR}/${target}/build
    CMAKE_ARGS
      -DCMAKE_TOOLCHAIN_FILE=${ZKRV_GUEST_TOOLCHAIN_FILE}
      -DCMAKE_BUILD_TYPE=Release
      -Dzkrv_DIR=${zkrv_DIR}
      -DZKRV_GUEST_BUILD=ON
      -DCMAKE_RUNTIME_OUTPUT_DIRECTORY=${bin_dir}
    # The host build cannot see the guest sources; the inner build is a no-op when nothing changed.
    BUILD_ALWAYS ON
    INSTALL_COMMAND "")
  set_target_properties(${target} PROPERTIES ZKRV_GUEST_BIN_DIR ${bin_dir})
  set(${target}_BIN_DIR ${bin_dir} PARENT_SCOPE)
endfunction()
