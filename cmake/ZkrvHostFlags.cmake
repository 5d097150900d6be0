# Compiler flags for host code (GCC 12; clang-14 for the fuzz build). Warnings are errors everywhere.
add_compile_options(-Wall -Wextra -Werror -Wno-missing-field-initializers)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 reports false stringop-overflow/overread errors inside std::vector at -O3 (GCC bugs 106199,
  # 107852); the sanitizer build checks real overflows instead.
  add_compile_options(-Wno-stringop-overflow -Wno-stringop-overread)
endif()
# The target CPU. SIMD paths are chosen at compile time (field/packed_babybear.h), so this decides the
# speed: native (AVX-512 or AVX2 where the machine has it); ZKRV_PORTABLE: generic x86-64-v2 (no AVX2,
# portable code paths); ZKRV_MARCH overrides both (the Debian package uses x86-64-v3: AVX2, every x86
# server since 2013). Binaries check at start-up that the CPU has what they were built for
# (base/cpu_guard.c), so an older CPU gets a message rather than an illegal instruction.
set(ZKRV_MARCH "" CACHE STRING "-march for host code (empty: native, or x86-64-v2 with ZKRV_PORTABLE)")
if(ZKRV_MARCH)
  add_compile_options(-march=${ZKRV_MARCH})
elseif(NOT ZKRV_PORTABLE)
  add_compile_options(-march=native)
else()
  add_compile_options(-march=x86-64-v2)
endif()
if(ZKRV_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
if(ZKRV_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "ZKRV_FUZZ needs clang (libFuzzer): use the 'fuzz' preset")
  endif()
  # Everything is instrumented for coverage and checked by ASan/UBSan; fuzz targets add -fsanitize=fuzzer.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# libzkrv.so (src/api) links every layer in, so all host code is position-independent, and hidden by
# default: the shared library exports only what the public headers mark ZKRV_API. Debian's GCC builds
# position-independent executables anyway, so the CLI and the benchmarks pay nothing extra for it.
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
set(CMAKE_C_VISIBILITY_PRESET hidden)
set(CMAKE_CXX_VISIBILITY_PRESET hidden)
set(CMAKE_VISIBILITY_INLINES_HIDDEN ON)
