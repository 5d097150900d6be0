# CMake toolchain file for zkrv guests: Debian's clang-16 + ld.lld building static RV32IM ELFs against
# picolibc (C library), libgcc (64-bit division, soft float, __riscv_save_*) and LLVM 16's C++ runtime
# built for the guest (libc++, libc++abi, libunwind: the whole standard library, exceptions and RTTI on;
# guest/cmake/ZkrvGuestRuntime.cmake says where it is). Use together with ZkrvGuest.cmake (see
# guest/README.md):
#
#   cmake -S my_guest -B build -DCMAKE_TOOLCHAIN_FILE=<zkrv>/guest/cmake/zkrv-guest-toolchain.cmake
#
# Every path below is a cache variable, so another layout can be given on the command line.

set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv32)

find_program(ZKRV_GUEST_CLANG NAMES clang-16 REQUIRED)
find_program(ZKRV_GUEST_CLANGXX NAMES clang++-16 REQUIRED)
set(CMAKE_C_COMPILER ${ZKRV_GUEST_CLANG})
set(CMAKE_CXX_COMPILER ${ZKRV_GUEST_CLANGXX})
set(CMAKE_ASM_COMPILER ${ZKRV_GUEST_CLANG})
set(CMAKE_C_COMPILER_TARGET riscv32-unknown-elf)
set(CMAKE_CXX_COMPILER_TARGET riscv32-unknown-elf)
set(CMAKE_ASM_COMPILER_TARGET riscv32-unknown-elf)

set(ZKRV_PICOLIBC_DIR /usr/lib/picolibc/riscv64-unknown-elf CACHE PATH "picolibc for riscv64-unknown-elf")
if(NOT ZKRV_LIBGCC)
  # The GCC version is part of the path; take whichever riscv64-unknown-elf GCC is installed.
  file(GLOB _zkrv_libgcc /usr/lib/gcc/riscv64-unknown-elf/*/rv32im/ilp32/libgcc.a)
  list(GET _zkrv_libgcc 0 _zkrv_libgcc)
  set(ZKRV_LIBGCC ${_zkrv_libgcc} CACHE FILEPATH "libgcc.a for rv32im/ilp32")
endif()
set(_zkrv_libc ${ZKRV_PICOLIBC_DIR}/lib/release/rv32im/ilp32/libc.a)  # release = -O2, no asserts
foreach(_f ${_zkrv_libc} ${ZKRV_LIBGCC} ${ZKRV_PICOLIBC_DIR}/include/stdio.h)
  if(NOT EXISTS ${_f})
    message(FATAL_ERROR "zkrv guest toolchain: ${_f} not found (apt-get install picolibc-riscv64-unknown-elf "
                        "gcc-riscv64-unknown-elf clang-16 lld-16)")
  endif()
endforeach()
get_filename_component(_zkrv_sdk_dir ${CMAKE_CURRENT_LIST_DIR}/.. ABSOLUTE)
include(${CMAKE_CURRENT_LIST_DIR}/ZkrvGuestRuntime.cmake)
zkrv_find_guest_runtime(${_zkrv_sdk_dir})

# -mno-relax: no linker relaxation (ld.lld before 15 rejected relaxable RISC-V code; kept so that the
# C++ runtime, built with the same flags, and user objects are compiled alike). -nostdlibinc: no host
# headers; clang's own (stddef.h, stdarg.h, ...) stay.
# _GNU_SOURCE, as g++ defines it on Linux: libc++'s <locale> and <new> use picolibc declarations
# (strtoll_l, locale_t, posix_memalign) that picolibc shows only with it. -fexperimental-library: libc++
# 16 still calls <format> (std::format) experimental, for ABI reasons that do not touch a static guest.
# The flags a guest cannot do without are also added by ZkrvGuest.cmake as compile and link options, so
# that a user's -DCMAKE_CXX_FLAGS=... (which replaces the *_INIT values below) adds to them.
set(ZKRV_GUEST_REQUIRED_FLAGS -march=rv32im -mabi=ilp32 -mno-relax -nostdlibinc)
# _LIBCPP_ENABLE_CXX17_REMOVED_FEATURES: libc++ drops auto_ptr, random_shuffle, unary_function, bind1st
# and the like in C++17 and later, where libstdc++ (a Debian desktop's C++ library) keeps them deprecated
# and Debian's libraries still use them (Boost 1.74's container_hash derives from unary_function).
set(ZKRV_GUEST_REQUIRED_CXX_FLAGS -nostdinc++ -D_GNU_SOURCE -fexperimental-library -D_LIBCPP_ENABLE_CXX17_REMOVED_FEATURES)
set(ZKRV_GUEST_REQUIRED_LINK_FLAGS -nostdlib -static -fuse-ld=lld -Wl,--gc-sections -Wl,--eh-frame-hdr)
list(JOIN ZKRV_GUEST_REQUIRED_FLAGS " " _zkrv_required)
list(JOIN ZKRV_GUEST_REQUIRED_CXX_FLAGS " " _zkrv_required_cxx)
set(_zkrv_common "${_zkrv_required} -ffunction-sections -fdata-sections -O2")
set(CMAKE_C_FLAGS_INIT "${_zkrv_common}")
set(CMAKE_ASM_FLAGS_INIT "${_zkrv_common}")
set(CMAKE_CXX_FLAGS_INIT "${_zkrv_common} ${_zkrv_required_cxx}")
# Passed as -isystem to compiles only. libc++ comes first: its <stdint.h> etc. #include_next picolibc's.
# For C++, the SDK's cxx-include sits between them: its <math.h> makes picolibc's iszero() macro a
# function template, as glibc does for C++ (see there).
set(CMAKE_C_STANDARD_INCLUDE_DIRECTORIES ${ZKRV_PICOLIBC_DIR}/include)
set(CMAKE_ASM_STANDARD_INCLUDE_DIRECTORIES ${ZKRV_PICOLIBC_DIR}/include)
set(CMAKE_CXX_STANDARD_INCLUDE_DIRECTORIES ${ZKRV_GUEST_RUNTIME_DIR}/include/c++/v1 ${_zkrv_sdk_dir}/cxx-include
                                           ${ZKRV_PICOLIBC_DIR}/include)
# CMake repeats the compile flags when linking; the include-only ones are unused there. --eh-frame-hdr:
# libunwind finds the unwind tables through the header's binary-search index (the linker script keeps it).
list(JOIN ZKRV_GUEST_REQUIRED_LINK_FLAGS " " _zkrv_required_link)
set(CMAKE_EXE_LINKER_FLAGS_INIT "${_zkrv_required_link} -Wno-unused-command-line-argument")
set(CMAKE_C_STANDARD_LIBRARIES "${_zkrv_libc} ${ZKRV_LIBGCC}")
set(CMAKE_CXX_STANDARD_LIBRARIES
    "${ZKRV_GUEST_RUNTIME_DIR}/lib/libc++.a ${ZKRV_GUEST_RUNTIME_DIR}/lib/libc++experimental.a \
${ZKRV_GUEST_RUNTIME_DIR}/lib/libc++abi.a ${ZKRV_GUEST_RUNTIME_DIR}/lib/libunwind.a ${_zkrv_libc} ${ZKRV_LIBGCC}")

# There is no start-up code until ZkrvGuest.cmake adds it, so CMake's compiler checks must not link.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES ZKRV_PICOLIBC_DIR ZKRV_GUEST_RUNTIME_DIR ZKRV_LIBGCC)

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
