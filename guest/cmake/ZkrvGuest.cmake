# zkrv guest SDK for CMake projects built with zkrv-guest-toolchain.cmake.
#
#   include(<zkrv>/guest/cmake/ZkrvGuest.cmake)
#   zkrv_add_guest(my_guest SOURCES main.c helper.cpp)   # -> my_guest.elf
#
# The first include defines the SDK runtime library `zkrv_guest_runtime` (start-up code, system calls,
# stdio streams and, if the project enables CXX, the C++ runtime). Guests link it, the linker script,
# picolibc and libgcc. The project must enable C; CXX is optional.
include_guard(GLOBAL)

get_filename_component(ZKRV_GUEST_SDK_DIR ${CMAKE_CURRENT_LIST_DIR}/.. ABSOLUTE)
# The ABI headers (abi/syscalls.h, ...) are shared with the host: an installed SDK carries a copy in
# its include/ folder; in the zkrv source tree they live in src/abi.
if(EXISTS ${ZKRV_GUEST_SDK_DIR}/include/abi/syscalls.h)
  set(_zkrv_abi_default ${ZKRV_GUEST_SDK_DIR}/include)
else()
  get_filename_component(_zkrv_abi_default ${ZKRV_GUEST_SDK_DIR}/../src ABSOLUTE)
endif()
set(ZKRV_ABI_INCLUDE_DIR ${_zkrv_abi_default} CACHE PATH "directory holding abi/syscalls.h")
set(ZKRV_GUEST_LINKER_SCRIPT ${ZKRV_GUEST_SDK_DIR}/link/zkrv-guest.ld)

if(NOT CMAKE_C_COMPILER_TARGET STREQUAL "riscv32-unknown-elf")
  message(FATAL_ERROR "ZkrvGuest.cmake: configure with -DCMAKE_TOOLCHAIN_FILE=${ZKRV_GUEST_SDK_DIR}/cmake/zkrv-guest-toolchain.cmake")
endif()

set(_zkrv_rt_sources ${ZKRV_GUEST_SDK_DIR}/src/crt0.c ${ZKRV_GUEST_SDK_DIR}/src/syscalls.c
                     ${ZKRV_GUEST_SDK_DIR}/src/posix.c
                     ${ZKRV_GUEST_SDK_DIR}/src/stdio.c)
get_property(_zkrv_languages GLOBAL PROPERTY ENABLED_LANGUAGES)
if(CXX IN_LIST _zkrv_languages)
  list(APPEND _zkrv_rt_sources ${ZKRV_GUEST_SDK_DIR}/src/cxxrt.cpp)
endif()

# The toolchain's indispensable flags, again as options: CMAKE_<LANG>_FLAGS may be replaced by the user
# (-DCMAKE_CXX_FLAGS=-O3), these are then still there (a repeated flag is harmless). They apply to the
# targets of the including directory and below created after this include, so include it first.
foreach(_flag ${ZKRV_GUEST_REQUIRED_FLAGS})
  add_compile_options("$<$<COMPILE_LANGUAGE:C,CXX,ASM>:${_flag}>")
endforeach()
foreach(_flag ${ZKRV_GUEST_REQUIRED_CXX_FLAGS})
  add_compile_options("$<$<COMPILE_LANGUAGE:CXX>:${_flag}>")
endforeach()
add_link_options(${ZKRV_GUEST_REQUIRED_LINK_FLAGS} -Wno-unused-command-line-argument)

# A static library, not an object library: the linker pulls only the members a guest uses (a C guest
# that never prints does not get the stdio streams). It precedes libc.a on the link line, so its read,
# write, _exit, sbrk and abort are the ones picolibc's members bind to.
add_library(zkrv_guest_runtime STATIC ${_zkrv_rt_sources})
target_include_directories(zkrv_guest_runtime PUBLIC ${ZKRV_GUEST_SDK_DIR}/include ${ZKRV_ABI_INCLUDE_DIR})
target_compile_options(zkrv_guest_runtime PRIVATE -Wall -Wextra -Werror)
set_target_properties(zkrv_guest_runtime PROPERTIES CXX_STANDARD 20 CXX_EXTENSIONS ON)
# _start lives in the library; --undefined makes sure its member is linked even though no object
# refers to it.
target_link_options(zkrv_guest_runtime INTERFACE "-Wl,-T,${ZKRV_GUEST_LINKER_SCRIPT}" "-Wl,--undefined=_start")

# zkrv_add_guest(<name> SOURCES <file>...) -> executable target <name>, written as <name>.elf
function(zkrv_add_guest name)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "zkrv_add_guest(${name}): no SOURCES")
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE zkrv_guest_runtime)
  set_target_properties(${name} PROPERTIES
    SUFFIX ".elf"
    CXX_STANDARD 20
    CXX_STANDARD_REQUIRED ON
    CXX_EXTENSIONS ON
    LINK_DEPENDS ${ZKRV_GUEST_LINKER_SCRIPT})
endfunction()
