# Where the guests' C++ runtime (libc++, libc++abi, libunwind of LLVM 16 built for rv32im; see
# guest/cxx-runtime/llvm-runtimes.cmake and scripts/build-guest-runtime.sh) lives. Shared by the guest
# toolchain and the host build (which installs it into the package). Sets ZKRV_GUEST_RUNTIME_DIR, the
# directory holding include/c++/v1 and lib/libc++.a (a normal variable in the caller's scope), to the
# first that exists of:
#   -DZKRV_GUEST_RUNTIME_DIR=..., the environment variable ZKRV_GUEST_RUNTIME_DIR,
#   <guest SDK>/cxx-runtime (an installed SDK: the package ships it), and
#   the build script's cache: ${XDG_CACHE_HOME:-$HOME/.cache}/zkrv/guest-runtime/<tag>.
# The tag names the LLVM version and the recipe's revision: bump it when llvm-runtimes.cmake or what
# scripts/build-guest-runtime.sh installs changes.
include_guard(GLOBAL)

set(ZKRV_GUEST_RUNTIME_TAG "llvm-16.0.6-r3")

function(zkrv_find_guest_runtime sdk_dir)
  set(candidates)
  if(ZKRV_GUEST_RUNTIME_DIR)
    list(APPEND candidates ${ZKRV_GUEST_RUNTIME_DIR})
  endif()
  if(DEFINED ENV{ZKRV_GUEST_RUNTIME_DIR})
    list(APPEND candidates $ENV{ZKRV_GUEST_RUNTIME_DIR})
  endif()
  list(APPEND candidates ${sdk_dir}/cxx-runtime)
  if(DEFINED ENV{XDG_CACHE_HOME} AND NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
    list(APPEND candidates $ENV{XDG_CACHE_HOME}/zkrv/guest-runtime/${ZKRV_GUEST_RUNTIME_TAG})
  endif()
  if(DEFINED ENV{HOME})
    list(APPEND candidates $ENV{HOME}/.cache/zkrv/guest-runtime/${ZKRV_GUEST_RUNTIME_TAG})
  endif()
  foreach(dir ${candidates})
    if(EXISTS ${dir}/lib/libc++.a AND EXISTS ${dir}/lib/libc++abi.a AND EXISTS ${dir}/lib/libunwind.a
       AND EXISTS ${dir}/lib/libc++experimental.a
       AND EXISTS ${dir}/include/c++/v1/__config_site)
      # A normal variable, not the cache: the search runs again at every configure, so a rebuilt runtime
      # with a new tag is picked up (only an explicit -DZKRV_GUEST_RUNTIME_DIR pins one).
      set(ZKRV_GUEST_RUNTIME_DIR ${dir} PARENT_SCOPE)
      return()
    endif()
  endforeach()
  list(JOIN candidates "\n  " tried)
  message(FATAL_ERROR "zkrv guest toolchain: the C++ runtime for guests (libc++ ${ZKRV_GUEST_RUNTIME_TAG}) was "
                      "not found in any of\n  ${tried}\nBuild it with scripts/build-guest-runtime.sh (run by "
                      "scripts/install-deps.sh) or point ZKRV_GUEST_RUNTIME_DIR at it.")
endfunction()
