# Helpers that keep each layer's CMakeLists short.
#
#   zkrv_library(NAME SOURCES a.cpp ... DEPS other_layer ...)   -> target zkrv_NAME
#   zkrv_test(NAME SOURCES a_test.cpp ... DEPS ...)             -> GoogleTest executable registered with CTest
#
# Every library sees the source root as its include root, so headers are included as "layer/file.h".
function(zkrv_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  if(ARG_SOURCES)
    add_library(zkrv_${name} STATIC ${ARG_SOURCES})
    target_include_directories(zkrv_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(zkrv_${name} PUBLIC ${ARG_DEPS})
  else()
    add_library(zkrv_${name} INTERFACE)
    target_include_directories(zkrv_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(zkrv_${name} INTERFACE ${ARG_DEPS})
  endif()
  add_library(zkrv::${name} ALIAS zkrv_${name})
endfunction()

function(zkrv_test name)
  if(NOT ZKRV_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  # The sanitizer build compiles only what its label runs: `cmake --build ... --target zkrv_sanitize_tests`.
  if("sanitize" IN_LIST ARG_LABELS)
    if(NOT TARGET zkrv_sanitize_tests)
      add_custom_target(zkrv_sanitize_tests)
    endif()
    add_dependencies(zkrv_sanitize_tests ${name})
  endif()
  include(GoogleTest)
  # gtest_discover_tests splits a label list into separate properties, so the labels are joined into
  # one ("unit+sanitize"); `ctest -L` takes a regular expression, so `-L sanitize` and `-L unit` both
  # still select it.
  string(REPLACE ";" "+" joined_labels "${ARG_LABELS}")
  gtest_discover_tests(${name} PROPERTIES LABELS "${joined_labels}" DISCOVERY_TIMEOUT 60)
endfunction()

#   zkrv_bench(NAME SOURCES a_bench.cpp ... DEPS ...)           -> Google Benchmark executable (not a test)
function(zkrv_bench name)
  if(NOT ZKRV_BUILD_BENCH)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark benchmark::benchmark_main)
endfunction()
