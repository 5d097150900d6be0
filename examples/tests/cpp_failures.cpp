// cpp_failures: how a C++ guest fails, each with its reason on stderr. The first input byte picks:
//   'u' an uncaught std::runtime_error   (libc++abi: "terminating due to uncaught exception of type ...")
//   't' std::terminate()                 (libc++abi: "terminating")
//   'a' a failed assert()                (picolibc: the expression, file and line)
//   'b' std::bad_alloc from operator new, caught (exits 0 with "caught std::bad_alloc" on stdout)
//   'o' std::out_of_range from vector::at, caught (exits 0)
// Every failure exits with 134 (SIGABRT's status, as a shell reports it).
#include <cassert>
#include <cstdio>
#include <exception>
#include <new>
#include <stdexcept>
#include <vector>

#include "zkrv/guest.h"

char* volatile sink;

int main() {
  char what = 0;
  zkrv_read(&what, 1);
  switch (what) {
    case 'u':
      throw std::runtime_error("the input asked for an uncaught exception");
    case 't':
      std::terminate();
    case 'a': {
      volatile int one = 1;
      assert(one == 2);
      return 0;
    }
    case 'b':
      try {
        volatile size_t huge = size_t{1} << 31;
        sink = new char[huge];  // stored in a volatile global, so the allocation cannot be elided
        std::puts("allocated 2 GiB?");
      } catch (const std::bad_alloc& e) {
        std::printf("caught %s\n", e.what());
      }
      return 0;
    case 'o':
      try {
        std::vector<int> v(3);
        return v.at(7);
      } catch (const std::out_of_range&) {
        std::puts("caught std::out_of_range");
      }
      return 0;
    default:
      std::puts("nothing asked");
      return 0;
  }
}
