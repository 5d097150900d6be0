/* zkrv guest SDK: picolibc's <math.h> as C++ code sees it. The toolchain puts this folder between
 * libc++'s headers and picolibc's, for C++ only; libc++'s <cmath> and <math.h> reach it by #include_next.
 *
 * picolibc defines iszero() (ISO/IEC TS 18661-1, now in C23) as a function-like macro, in C++ too and
 * with no feature-test macro to turn it off. A macro rewrites every C++ declaration or call of anything
 * named iszero, a member or a function in any namespace: evmone's `inline void iszero(StackTop)` fails
 * with "expected ')'". glibc's <math.h> gives C++ a function template instead (and keeps issubnormal a
 * macro); this header does the same, so guest C++ sees what g++ on Linux sees. C keeps picolibc's
 * macro. */
#include_next <math.h>

#if defined(__cplusplus) && defined(iszero)
#undef iszero
extern "C++" {
template <class _ZkrvT>
inline bool iszero(_ZkrvT __x) {
  return __x == 0;
}
}
#endif
