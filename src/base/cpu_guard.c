/* Refuses to run on a CPU that lacks an instruction-set extension this build was compiled for
 * (cmake/ZkrvHostFlags.cmake, ZKRV_MARCH), with a message instead of SIGILL somewhere in the prover.
 * Linked into the zkrv command and libzkrv.so as an object of their own (a member of a static library
 * would be dropped: nothing refers to it). It runs as a constructor of the highest user priority, before
 * any C++ static initializer of the same binary, and its functions are compiled for plain x86-64 so the
 * check itself cannot trip over the instructions it checks for. */
#include <stdio.h>
#include <stdlib.h>

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("arch=x86-64"), noreturn)) static void zkrv_cpu_missing(const char *feature) {
  fprintf(stderr,
          "zkrv: internal error: this zkrv was built for x86-64 CPUs with %s, which this CPU lacks; "
          "build zkrv from source on this machine (docs/install.md)\n",
          feature);
  exit(1);
}

__attribute__((target("arch=x86-64"), constructor(101))) static void zkrv_cpu_guard(void) {
  __builtin_cpu_init();
  /* x86-64-v2 (the portable build) */
#if defined(__SSSE3__)
  if (!__builtin_cpu_supports("ssse3")) zkrv_cpu_missing("SSSE3");
#endif
#if defined(__SSE4_2__)
  if (!__builtin_cpu_supports("sse4.2")) zkrv_cpu_missing("SSE4.2");
#endif
#if defined(__POPCNT__)
  if (!__builtin_cpu_supports("popcnt")) zkrv_cpu_missing("POPCNT");
#endif
  /* x86-64-v3 (the Debian package) */
#if defined(__AVX2__)
  if (!__builtin_cpu_supports("avx2")) zkrv_cpu_missing("AVX2");
#endif
#if defined(__BMI2__)
  if (!__builtin_cpu_supports("bmi2")) zkrv_cpu_missing("BMI2");
#endif
#if defined(__FMA__)
  if (!__builtin_cpu_supports("fma")) zkrv_cpu_missing("FMA");
#endif
  /* AVX-512, which the field and hash use where the build machine has it (-march=native); a native
   * build is checked for these families only, not for every extension its machine offered. */
#if defined(__AVX512F__)
  if (!__builtin_cpu_supports("avx512f")) zkrv_cpu_missing("AVX-512F");
#endif
#if defined(__AVX512BW__)
  if (!__builtin_cpu_supports("avx512bw")) zkrv_cpu_missing("AVX-512BW");
#endif
#if defined(__AVX512VL__)
  if (!__builtin_cpu_supports("avx512vl")) zkrv_cpu_missing("AVX-512VL");
#endif
#if defined(__AVX512DQ__)
  if (!__builtin_cpu_supports("avx512dq")) zkrv_cpu_missing("AVX-512DQ");
#endif
}
#endif
