// What a C++ guest needs beyond LLVM's C++ runtime (libc++abi supplies operator new/delete, which throw
// std::bad_alloc, the pure-virtual handler, static-local guards, the exception machinery and the
// terminate handler that prints an uncaught exception's type and what()): __dso_handle, which
// crtbegin.o would define on a hosted system.

extern "C" {

// The address C++ static destructors are registered under (with __cxa_atexit). One static image, so
// any unique address will do.
__attribute__((visibility("hidden"))) void* __dso_handle = &__dso_handle;

}  // extern "C"
