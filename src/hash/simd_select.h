// Which hand-written SIMD paths src/hash compiles, following the PackedFp backend selection of
// field/packed_babybear.h: the AVX-512 kernels (partial-reduction S-box, shift-and-reduce diagonal,
// gathers) only when PackedFp is the AVX-512 backend.
#pragma once

#include "field/packed_babybear.h"

#if defined(__AVX512F__) && !defined(ZKRV_FIELD_FORCE_SCALAR)
#define ZKRV_HASH_AVX512 1
#else
#define ZKRV_HASH_AVX512 0
#endif
