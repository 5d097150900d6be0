# Initial cache (cmake -C) for building LLVM's C++ runtime for zkrv guests: libc++, libc++abi and
# libunwind of LLVM 16, for rv32im / ilp32, on top of picolibc. scripts/build-guest-runtime.sh passes it
# to LLVM's runtimes/ build along with the compilers (clang-16); the result is what
# zkrv-guest-toolchain.cmake links every C++ guest against.
#
# Choices, each because the guest is one thread on bare metal with a small C library:
#   - exceptions and RTTI on (a user's try/catch works; -fno-exceptions stays possible per guest);
#   - no threads, monotonic clock, random device or filesystem: the VM has none of them;
#   - localization on (iostream, the "C" locale) and wide characters on (wstring, wide streams; fmt
#     needs them): picolibc's release libc.a declares but lacks wcstold and swprintf, which libc++'s
#     stold(wstring) and to_wstring call, so the SDK supplies them (guest/src/wchar.c);
#   - the LLVM unwinder, linked statically, finding .eh_frame through the linker script's
#     __eh_frame_start/__eh_frame_end (libunwind's bare-metal mode);
#   - LIBCXXABI_BAREMETAL off: on RISC-V its only effect is to silence abort_message(), and a guest that
#     dies of an uncaught exception should say which one.

set(CMAKE_SYSTEM_NAME Generic CACHE STRING "")
set(CMAKE_SYSTEM_PROCESSOR riscv32 CACHE STRING "")
set(CMAKE_C_COMPILER_TARGET riscv32-unknown-elf CACHE STRING "")
set(CMAKE_CXX_COMPILER_TARGET riscv32-unknown-elf CACHE STRING "")
set(CMAKE_ASM_COMPILER_TARGET riscv32-unknown-elf CACHE STRING "")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY CACHE STRING "")
set(CMAKE_BUILD_TYPE Release CACHE STRING "")
# LLVM's CMake refuses a platform that is neither UNIX nor Windows; bare metal is UNIX enough here.
set(UNIX ON CACHE BOOL "")

# The guest toolchain's code-generation flags (zkrv-guest-toolchain.cmake) and picolibc's headers.
# _GNU_SOURCE: picolibc declares locale_t, strtoll_l, isascii, posix_memalign only with it. libunwind
# calls alloca without including <alloca.h>, which is the only place picolibc declares it.
set(_zkrv_flags "-march=rv32im -mabi=ilp32 -mno-relax -ffunction-sections -fdata-sections -D_GNU_SOURCE \
-nostdlibinc -isystem ${ZKRV_PICOLIBC_DIR}/include")
set(CMAKE_C_FLAGS "${_zkrv_flags}" CACHE STRING "")
set(CMAKE_CXX_FLAGS "${_zkrv_flags} -include alloca.h" CACHE STRING "")
set(CMAKE_ASM_FLAGS "${_zkrv_flags}" CACHE STRING "")

set(LLVM_ENABLE_RUNTIMES "libcxxabi;libcxx;libunwind" CACHE STRING "")
# The runtimes probe for host system libraries with check_library_exists, which a cross build of static
# libraries cannot answer (every probe "links"): libc++ would then ask every guest to link librt
# (chrono.cpp's `#pragma comment(lib, "rt")`). The guest has none of them.
foreach(_lib PTHREAD M RT ATOMIC C SYSTEM)
  set(LIBCXX_HAS_${_lib}_LIB OFF CACHE BOOL "")
endforeach()
foreach(_lib PTHREAD C DL GCC_S)
  set(LIBCXXABI_HAS_${_lib}_LIB OFF CACHE BOOL "")
  set(LIBUNWIND_HAS_${_lib}_LIB OFF CACHE BOOL "")
endforeach()

set(LIBUNWIND_IS_BAREMETAL ON CACHE BOOL "")
set(LIBUNWIND_ENABLE_SHARED OFF CACHE BOOL "")
set(LIBUNWIND_ENABLE_STATIC ON CACHE BOOL "")
set(LIBUNWIND_ENABLE_THREADS OFF CACHE BOOL "")
set(LIBUNWIND_USE_COMPILER_RT OFF CACHE BOOL "")
set(LIBUNWIND_INCLUDE_TESTS OFF CACHE BOOL "")

set(LIBCXXABI_BAREMETAL OFF CACHE BOOL "")
set(LIBCXXABI_ENABLE_SHARED OFF CACHE BOOL "")
set(LIBCXXABI_ENABLE_STATIC ON CACHE BOOL "")
set(LIBCXXABI_ENABLE_THREADS OFF CACHE BOOL "")
set(LIBCXXABI_ENABLE_EXCEPTIONS ON CACHE BOOL "")
set(LIBCXXABI_USE_LLVM_UNWINDER ON CACHE BOOL "")
set(LIBCXXABI_ENABLE_STATIC_UNWINDER ON CACHE BOOL "")
set(LIBCXXABI_USE_COMPILER_RT OFF CACHE BOOL "")
set(LIBCXXABI_INCLUDE_TESTS OFF CACHE BOOL "")

set(LIBCXX_ENABLE_SHARED OFF CACHE BOOL "")
set(LIBCXX_ENABLE_STATIC ON CACHE BOOL "")
set(LIBCXX_ENABLE_THREADS OFF CACHE BOOL "")
set(LIBCXX_ENABLE_MONOTONIC_CLOCK OFF CACHE BOOL "")
set(LIBCXX_ENABLE_RANDOM_DEVICE OFF CACHE BOOL "")
set(LIBCXX_ENABLE_FILESYSTEM OFF CACHE BOOL "")
set(LIBCXX_ENABLE_LOCALIZATION ON CACHE BOOL "")
set(LIBCXX_ENABLE_WIDE_CHARACTERS ON CACHE BOOL "")
set(LIBCXX_ENABLE_EXCEPTIONS ON CACHE BOOL "")
set(LIBCXX_ENABLE_RTTI ON CACHE BOOL "")
set(LIBCXX_CXX_ABI libcxxabi CACHE STRING "")
set(LIBCXX_ENABLE_STATIC_ABI_LIBRARY ON CACHE BOOL "")
set(LIBCXX_USE_COMPILER_RT OFF CACHE BOOL "")
set(LIBCXX_INCLUDE_TESTS OFF CACHE BOOL "")
set(LIBCXX_INCLUDE_BENCHMARKS OFF CACHE BOOL "")
set(LIBCXX_INCLUDE_DOCS OFF CACHE BOOL "")
