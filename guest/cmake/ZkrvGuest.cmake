# zkrv guest SDK for CMake projects built with zkrv-guest-toolchain.cmake.
#
#   include(<zkrv>/guest/cmake/ZkrvGuest.cmake)
#   zkrv_add_guest(my_guest SOURCES main.c helper.cpp)   # -> my_guest.elf
#
# The first include defines the SDK runtime library `zkrv_guest_runtime` (start-up code, system calls,
# stdio streams and, if the project enables CXX, the C++ runtime). Guests link it, the linker script,
# picolibc and libgcc. The project must enable C; CXX is optional.
#
# Configured without the guest toolchain file, the same project builds natively: ZKRV_GUEST_NATIVE is
# TRUE, `zkrv_guest_runtime` is the host version of the guest API (guest_api.c on POSIX read/write,
# native.c) and zkrv_add_guest(<name>) makes the host program <name>, which reads the private input
# from stdin and appends the journal to fd 3 (`./<name> <input 3>journal`): unit tests and a reference
# for the guest's journal, from the same source.
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

# zkrv_add_guest(<name> SOURCES <file>...) -> executable target <name>, written as <name>.elf (in the
# native mode: the host program <name>)
function(zkrv_add_guest name)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "zkrv_add_guest(${name}): no SOURCES")
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE zkrv_guest_runtime)
  set_target_properties(${name} PROPERTIES CXX_STANDARD 20 CXX_STANDARD_REQUIRED ON CXX_EXTENSIONS ON)
  if(NOT ZKRV_GUEST_NATIVE)
    set_target_properties(${name} PROPERTIES SUFFIX ".elf" LINK_DEPENDS ${ZKRV_GUEST_LINKER_SCRIPT})
  endif()
endfunction()

if(NOT CMAKE_C_COMPILER_TARGET STREQUAL "riscv32-unknown-elf")
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "^riscv")
    message(FATAL_ERROR "ZkrvGuest.cmake: a RISC-V compiler without the guest toolchain: configure with "
                        "-DCMAKE_TOOLCHAIN_FILE=${ZKRV_GUEST_SDK_DIR}/cmake/zkrv-guest-toolchain.cmake")
  endif()
  set(ZKRV_GUEST_NATIVE TRUE)
  message(STATUS "zkrv guest SDK: native build, guests are host programs (for RISC-V guests, configure with "
                 "-DCMAKE_TOOLCHAIN_FILE=${ZKRV_GUEST_SDK_DIR}/cmake/zkrv-guest-toolchain.cmake)")
  add_library(zkrv_guest_runtime STATIC ${ZKRV_GUEST_SDK_DIR}/src/guest_api.c ${ZKRV_GUEST_SDK_DIR}/src/native.c)
  target_include_directories(zkrv_guest_runtime PUBLIC ${ZKRV_GUEST_SDK_DIR}/include ${ZKRV_ABI_INCLUDE_DIR})
  target_compile_options(zkrv_guest_runtime PRIVATE -Wall -Wextra)  # not -Werror: any host compiler
  return()
endif()
set(ZKRV_GUEST_NATIVE FALSE)

set(_zkrv_rt_sources ${ZKRV_GUEST_SDK_DIR}/src/crt0.c ${ZKRV_GUEST_SDK_DIR}/src/syscalls.c
                     ${ZKRV_GUEST_SDK_DIR}/src/guest_api.c ${ZKRV_GUEST_SDK_DIR}/src/wchar.c
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

# Debian's header-only libraries (nlohmann-json, fmt's header-only target, Boost headers, ...) are
# usable through find_package(), without the host's C library leaking into guest code. Their imported
# targets name /usr/include, which as -isystem would put glibc's headers before picolibc's (the failure
# is `bits/libc-header-start.h` not found). So /usr/include is declared an implicit directory, which
# CMake never passes on, and the guest sees instead, after every other directory (-idirafter), a view
# of it holding only the library directories: every subdirectory of /usr/include except the C
# library's, the kernel's and the host compilers' (those of libc6-dev, linux-libc-dev and libcrypt-dev
# by dpkg, c++/, the multiarch and clang/llvm folders). A library that lives in its own directory
# (/usr/include/eigen3) is not affected. Of the top-level files only C++ headers (*.hpp: cxxopts.hpp)
# are shown; the others (zlib.h, ...) belong to C libraries that a guest cannot link anyway.
list(APPEND CMAKE_C_IMPLICIT_INCLUDE_DIRECTORIES /usr/include)
list(APPEND CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES /usr/include)
set(ZKRV_HOST_LIBRARY_HEADERS ${CMAKE_BINARY_DIR}/zkrv-host-library-headers)
function(_zkrv_make_host_library_headers view)
  set(hidden c++ clang gdb linux asm asm-generic sys bits gnu net netinet netash netatalk netax25 neteconet
             netipx netiucv netpacket netrom netrose nfs arpa rpc rpcsvc scsi protocols sound video drm mtd
             misc rdma xen)
  find_program(_zkrv_dpkg_query dpkg-query)
  if(_zkrv_dpkg_query)
    execute_process(COMMAND ${_zkrv_dpkg_query} -L libc6-dev linux-libc-dev libcrypt-dev
                    OUTPUT_VARIABLE owned ERROR_QUIET)
    string(REPLACE "\n" ";" owned "${owned}")
    foreach(path IN LISTS owned)
      if(path MATCHES "^/usr/include/([^/]+)$")
        list(APPEND hidden ${CMAKE_MATCH_1})
      endif()
    endforeach()
  endif()
  file(REMOVE_RECURSE ${view})
  file(MAKE_DIRECTORY ${view})
  file(GLOB entries RELATIVE /usr/include LIST_DIRECTORIES true /usr/include/*)
  foreach(name ${entries})
    if(name IN_LIST hidden OR name MATCHES "linux-gnu|^llvm"
       OR NOT (IS_DIRECTORY /usr/include/${name} OR name MATCHES "\\.hpp$"))
      continue()
    endif()
    file(CREATE_LINK /usr/include/${name} ${view}/${name} SYMBOLIC)
  endforeach()
endfunction()
_zkrv_make_host_library_headers(${ZKRV_HOST_LIBRARY_HEADERS})
# Joined (-idirafter<dir>), so that a build directory with a space stays one argument.
add_compile_options("$<$<COMPILE_LANGUAGE:C,CXX>:-idirafter${ZKRV_HOST_LIBRARY_HEADERS}>")
# Debian installs some of those packages' CMake files under the host's multiarch directory
# (/usr/lib/x86_64-linux-gnu/cmake/fmt, .../Boost-1.74.0), which find_package() searches only for the
# host's architecture: add it as a prefix. Only their header-only targets work in a guest (fmt::fmt-
# header-only, Boost::headers); a target naming a compiled host library fails at link time.
file(GLOB _zkrv_multiarch_cmake_dirs LIST_DIRECTORIES true /usr/lib/*-linux-*/cmake)
list(APPEND CMAKE_SYSTEM_PREFIX_PATH ${_zkrv_multiarch_cmake_dirs})

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
