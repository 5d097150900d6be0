// Symbol visibility of the public zkrv library (libzkrv.so). zkrv is built with hidden visibility by
// default, so only what a public header marks ZKRV_API is part of the library's ABI; everything else
// (the field, the prover, the chips) stays internal and may change between releases.
#pragma once

#define ZKRV_API __attribute__((visibility("default")))
