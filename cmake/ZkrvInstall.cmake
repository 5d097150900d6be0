# What `cmake --install` puts under a prefix (docs/install.md), and the Debian package built from it
# (`cpack -G DEB` in a build of the 'package' preset):
#
#   bin/zkrv                                  the command
#   lib/<multiarch>/libzkrv.so*               the host library (src/api), everything else linked in
#   include/zkrv/*.h                          its public headers, and nothing internal
#   lib/<multiarch>/cmake/zkrv/               find_package(zkrv CONFIG): zkrv::zkrv, the guest SDK paths,
#                                             zkrv_add_guests() for building guests from a host project
#   share/zkrv/guest/                         the guest SDK: toolchain file, ZkrvGuest.cmake, headers
#                                             (zkrv/guest.h and the ABI headers), runtime sources, linker script
#   share/doc/zkrv/                           README.md and docs/
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(ZKRV_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/zkrv)
set(ZKRV_INSTALL_GUESTDIR ${CMAKE_INSTALL_DATADIR}/zkrv/guest)

install(TARGETS zkrv RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS zkrv_api EXPORT zkrvTargets LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/src/api/include/zkrv DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h")
install(EXPORT zkrvTargets NAMESPACE zkrv:: DESTINATION ${ZKRV_INSTALL_CMAKEDIR})

# The guest SDK keeps the layout of guest/ in the source tree, plus the ABI headers beside zkrv/guest.h
# (ZkrvGuest.cmake looks for them there first).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/guest/cmake ${PROJECT_SOURCE_DIR}/guest/cxx-include ${PROJECT_SOURCE_DIR}/guest/include
                  ${PROJECT_SOURCE_DIR}/guest/link ${PROJECT_SOURCE_DIR}/guest/src
        DESTINATION ${ZKRV_INSTALL_GUESTDIR})
install(FILES ${PROJECT_SOURCE_DIR}/guest/README.md DESTINATION ${ZKRV_INSTALL_GUESTDIR})
# The guests' C++ runtime (libc++, libc++abi, libunwind built for rv32im), so that an installed SDK
# builds C++ guests without building it (ZkrvGuestRuntime.cmake looks in <guest>/cxx-runtime first).
if(ZKRV_GUEST_RUNTIME_DIR)
  install(DIRECTORY ${ZKRV_GUEST_RUNTIME_DIR}/include ${ZKRV_GUEST_RUNTIME_DIR}/lib
          DESTINATION ${ZKRV_INSTALL_GUESTDIR}/cxx-runtime)
  install(FILES ${ZKRV_GUEST_RUNTIME_DIR}/LICENSE.TXT DESTINATION ${ZKRV_INSTALL_GUESTDIR}/cxx-runtime)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/src/abi/syscalls.h ${PROJECT_SOURCE_DIR}/src/abi/memory_map.h
              ${PROJECT_SOURCE_DIR}/src/abi/exit_codes.h
        DESTINATION ${ZKRV_INSTALL_GUESTDIR}/include/abi)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/package/zkrvConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/zkrvConfig.cmake
  INSTALL_DESTINATION ${ZKRV_INSTALL_CMAKEDIR}
  PATH_VARS ZKRV_INSTALL_GUESTDIR)
# ARCH_INDEPENDENT: the same package is found from the RV32 guest build (4-byte pointers), where only
# the SDK is used; zkrvConfig.cmake checks the host architecture itself before offering zkrv::zkrv.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/zkrvConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/zkrvConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/zkrvConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/package/ZkrvGuestBuild.cmake
        DESTINATION ${ZKRV_INSTALL_CMAKEDIR})

install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs DESTINATION ${CMAKE_INSTALL_DOCDIR})

# ---- Debian package ------------------------------------------------------------------------------
set(CPACK_PACKAGE_NAME zkrv)
set(CPACK_PACKAGE_VENDOR "zkrv developers")
set(CPACK_PACKAGE_CONTACT "zkrv developers <zkrv-dev@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "zero-knowledge virtual machine for RISC-V (RV32IM) programs")
set(CPACK_PACKAGE_DESCRIPTION "zkrv runs ordinary C and C++ programs compiled for RV32IM and proves their runs \
with STARK receipts that anyone can verify. This package holds the zkrv command, the host library \
libzkrv with its headers and CMake package, and the guest SDK (toolchain file, runtime, headers).")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # zkrv_<version>_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# Shared-library dependencies of zkrv and libzkrv.so (libc6, libstdc++6, libtbb12, libfmt9, ...) come
# from dpkg-shlibdeps; the rest is what building guests and host programs needs: the guest toolchain
# (clang-16 + ld.lld, picolibc, libgcc for rv32im; the C++ runtime itself is in the package) and CMake
# with a C++20 compiler for host programs using zkrv::zkrv.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "clang-16, lld-16, picolibc-riscv64-unknown-elf, gcc-riscv64-unknown-elf, \
cmake (>= 3.25), g++ (>= 4:12), make | ninja-build")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qemu-user")
include(CPack)
