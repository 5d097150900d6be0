# CMake toolchain file for zkrv guests: Debian's clang-14 + ld.lld building static RV32IM ELFs against
# picolibc (C library), libgcc (64-bit division, soft float, __riscv_save_*) and the libc++-14 headers
# (header-only: no exceptions, no RTTI). Use together with ZkrvGuest.cmake (see guest/README.md):
#
#   cmake -S my_guest -B build -DCMAKE_TOOLCHAIN_FILE=<zkrv>/guest/cmake/zkrv-guest-toolchain.cmake
#
# Every path below is a cache variable, so another layout can be given on the command line.

set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv32)

find_program(ZKRV_GUEST_CLANG NAMES clang-14 REQUIRED)
find_program(ZKRV_GUEST_CLANGXX NAMES clang++-14 REQUIRED)
set(CMAKE_C_COMPILER ${ZKRV_GUEST_CLANG})
set(CMAKE_CXX_COMPILER ${ZKRV_GUEST_CLANGXX})
set(CMAKE_ASM_COMPILER ${ZKRV_GUEST_CLANG})
set(CMAKE_C_COMPILER_TARGET riscv32-unknown-elf)
set(CMAKE_CXX_COMPILER_TARGET riscv32-unknown-elf)
set(CMAKE_ASM_COMPILER_TARGET riscv32-unknown-elf)

set(ZKRV_PICOLIBC_DIR /usr/lib/picolibc/riscv64-unknown-elf CACHE PATH "picolibc for riscv64-unknown-elf")
set(ZKRV_LIBCXX_INCLUDE_DIR /usr/lib/llvm-14/include/c++/v1 CACHE PATH "libc++ headers")
if(NOT ZKRV_LIBGCC)
  # The GCC version is part of the path; take whichever riscv64-unknown-elf GCC is installed.
  file(GLOB _zkrv_libgcc /usr/lib/gcc/riscv64-unknown-elf/*/rv32im/ilp32/libgcc.a)
  list(GET _zkrv_libgcc 0 _zkrv_libgcc)
  set(ZKRV_LIBGCC ${_zkrv_libgcc} CACHE FILEPATH "libgcc.a for rv32im/ilp32")
endif()
set(_zkrv_libc ${ZKRV_PICOLIBC_DIR}/lib/release/rv32im/ilp32/libc.a)  # release = -O2, no asserts
foreach(_f ${_zkrv_libc} ${ZKRV_LIBGCC} ${ZKRV_PICOLIBC_DIR}/include/stdio.h ${ZKRV_LIBCXX_INCLUDE_DIR}/new)
  if(NOT EXISTS ${_f})
    message(FATAL_ERROR "zkrv guest toolchain: ${_f} not found (apt-get install picolibc-riscv64-unknown-elf "
                        "gcc-riscv64-unknown-elf libc++-14-dev clang-14 lld-14)")
  endif()
endforeach()

# -mno-relax: ld.lld 14 cannot relax RISC-V code and rejects R_RISCV_ALIGN without it.
# -nostdlibinc: no host headers; clang's own (stddef.h, stdarg.h, ...) stay.
set(_zkrv_common "-march=rv32im -mabi=ilp32 -mno-relax -ffunction-sections -fdata-sections -O2 -nostdlibinc")
set(CMAKE_C_FLAGS_INIT "${_zkrv_common}")
set(CMAKE_ASM_FLAGS_INIT "${_zkrv_common}")
# gnu++20 rather than c++20 (zkrv_add_guest sets it) because strict mode hides posix_memalign, which
# libc++'s <new> calls.
set(CMAKE_CXX_FLAGS_INIT "${_zkrv_common} -nostdinc++ -D_LIBCPP_HAS_NO_THREADS \
-D_LIBCPP_DISABLE_EXTERN_TEMPLATE -fno-exceptions -fno-rtti -fno-threadsafe-statics")
# Passed as -isystem to compiles only. libc++ comes first: its <stdint.h> etc. #include_next picolibc's.
set(CMAKE_C_STANDARD_INCLUDE_DIRECTORIES ${ZKRV_PICOLIBC_DIR}/include)
set(CMAKE_ASM_STANDARD_INCLUDE_DIRECTORIES ${ZKRV_PICOLIBC_DIR}/include)
set(CMAKE_CXX_STANDARD_INCLUDE_DIRECTORIES ${ZKRV_LIBCXX_INCLUDE_DIR} ${ZKRV_PICOLIBC_DIR}/include)
# CMake repeats the compile flags when linking; the include-only ones are unused there.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-nostdlib -static -fuse-ld=lld -Wl,--gc-sections -Wno-unused-command-line-argument")
set(CMAKE_C_STANDARD_LIBRARIES "${_zkrv_libc} ${ZKRV_LIBGCC}")
set(CMAKE_CXX_STANDARD_LIBRARIES "${_zkrv_libc} ${ZKRV_LIBGCC}")

# There is no start-up code until ZkrvGuest.cmake adds it, so CMake's compiler checks must not link.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES ZKRV_PICOLIBC_DIR ZKRV_LIBCXX_INCLUDE_DIR ZKRV_LIBGCC)

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
