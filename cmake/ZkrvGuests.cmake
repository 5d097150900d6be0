# Builds the example and test guests (examples/, a CMake project of its own) with the RV32IM guest
# toolchain, as an ExternalProject of the host build: the host compiler and flags never touch guest code.
#
# Contract with the rest of the build:
#   ZKRV_GUEST_BIN_DIR   directory holding every guest as <name>.elf (${CMAKE_BINARY_DIR}/guests/bin)
#   zkrv_guests          target that builds them all; host tests add_dependencies() on it
#   ZKRV_NATIVE_GUEST_BIN_DIR  the same project built natively with the host compiler (ZkrvGuest.cmake's
#                        native mode; the examples only, not the fault guests): one host program per guest
#   zkrv_native_guests   target that builds those
include(ExternalProject)

set(ZKRV_GUEST_BIN_DIR ${CMAKE_BINARY_DIR}/guests/bin)

# Fail at configure time with a useful message rather than deep inside the guest build.
find_program(ZKRV_GUEST_CLANG_CHECK NAMES clang-16)
find_program(ZKRV_GUEST_LLD_CHECK NAMES ld.lld-16)
if(NOT ZKRV_GUEST_CLANG_CHECK OR NOT ZKRV_GUEST_LLD_CHECK
   OR NOT EXISTS /usr/lib/picolibc/riscv64-unknown-elf/lib/release/rv32im/ilp32/libc.a)
  message(FATAL_ERROR "Guests need clang-16, lld-16, picolibc-riscv64-unknown-elf and gcc-riscv64-unknown-elf "
                      "(scripts/install-deps.sh); install them or configure with -DZKRV_BUILD_GUESTS=OFF")
endif()
# The guests' C++ runtime (scripts/build-guest-runtime.sh): found here too, so that a missing one fails
# now with the message, and so that the package can ship it (cmake/ZkrvInstall.cmake).
include(${PROJECT_SOURCE_DIR}/guest/cmake/ZkrvGuestRuntime.cmake)
zkrv_find_guest_runtime(${PROJECT_SOURCE_DIR}/guest)

ExternalProject_Add(zkrv_guests
  SOURCE_DIR ${PROJECT_SOURCE_DIR}/examples
  PREFIX ${CMAKE_BINARY_DIR}/guests
  BINARY_DIR ${CMAKE_BINARY_DIR}/guests/build
  CMAKE_ARGS
    -DCMAKE_TOOLCHAIN_FILE=${PROJECT_SOURCE_DIR}/guest/cmake/zkrv-guest-toolchain.cmake
    -DZKRV_GUEST_BIN_DIR=${ZKRV_GUEST_BIN_DIR}
    -DZKRV_GUEST_RUNTIME_DIR=${ZKRV_GUEST_RUNTIME_DIR}
  # The outer build cannot see guest sources; always run the inner build, which is a no-op when
  # nothing changed.
  BUILD_ALWAYS ON
  INSTALL_COMMAND ""
)

# The examples again as host programs, from the same sources (guest/src/native.c): the tests compare
# their journals with the guest's. The host compilers, not the host build's flags (sanitizers stay out).
set(ZKRV_NATIVE_GUEST_BIN_DIR ${CMAKE_BINARY_DIR}/guests/native-bin)
ExternalProject_Add(zkrv_native_guests
  SOURCE_DIR ${PROJECT_SOURCE_DIR}/examples
  PREFIX ${CMAKE_BINARY_DIR}/guests/native
  BINARY_DIR ${CMAKE_BINARY_DIR}/guests/native-build
  CMAKE_ARGS
    -DCMAKE_C_COMPILER=${CMAKE_C_COMPILER}
    -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
    -DCMAKE_BUILD_TYPE=Release
    -DZKRV_GUEST_BIN_DIR=${ZKRV_NATIVE_GUEST_BIN_DIR}
  BUILD_ALWAYS ON
  INSTALL_COMMAND ""
)
