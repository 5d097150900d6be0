// The small C++ runtime a guest needs when built without exceptions and RTTI against header-only
// libc++: allocation operators, the pure-virtual handler, static-local guards and __dso_handle.
// Allocation failure cannot throw (-fno-exceptions), so the throwing forms abort instead.

#include <cstddef>
#include <cstdlib>
#include <new>

#include "zkrv/guest.h"

namespace {

void* alloc_or_abort(std::size_t n) {
  void* p = std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) {
    zkrv_log("operator new: out of memory");
    std::abort();
  }
  return p;
}

void* aligned_alloc_or_null(std::size_t n, std::align_val_t align) {
  std::size_t a = static_cast<std::size_t>(align);
  if (a < sizeof(void*)) a = sizeof(void*);  // posix_memalign's minimum
  void* p = nullptr;
  return posix_memalign(&p, a, n == 0 ? 1 : n) == 0 ? p : nullptr;
}

void* aligned_alloc_or_abort(std::size_t n, std::align_val_t align) {
  void* p = aligned_alloc_or_null(n, align);
  if (p == nullptr) {
    zkrv_log("operator new: out of memory");
    std::abort();
  }
  return p;
}

}  // namespace

void* operator new(std::size_t n) { return alloc_or_abort(n); }
void* operator new[](std::size_t n) { return alloc_or_abort(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return std::malloc(n == 0 ? 1 : n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return std::malloc(n == 0 ? 1 : n); }
void* operator new(std::size_t n, std::align_val_t a) { return aligned_alloc_or_abort(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return aligned_alloc_or_abort(n, a); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return aligned_alloc_or_null(n, a);
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return aligned_alloc_or_null(n, a);
}

// picolibc's free() releases aligned blocks too, so every delete is free().
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }

extern "C" {

// The address C++ static destructors are registered under (with __cxa_atexit); crtbegin.o would
// normally define it. One static image, so any unique address will do.
__attribute__((visibility("hidden"))) void* __dso_handle = &__dso_handle;

void __cxa_pure_virtual() {
  zkrv_log("pure virtual function called");
  std::abort();
}

void __cxa_deleted_virtual() {
  zkrv_log("deleted virtual function called");
  std::abort();
}

// Guards for function-local statics (only used without -fno-threadsafe-statics). One thread, so the
// first byte of the 64-bit guard ("initialised") is all the state there is.
int __cxa_guard_acquire(unsigned long long* guard) { return *reinterpret_cast<unsigned char*>(guard) == 0; }
void __cxa_guard_release(unsigned long long* guard) { *reinterpret_cast<unsigned char*>(guard) = 1; }
void __cxa_guard_abort(unsigned long long*) {}

}  // extern "C"
