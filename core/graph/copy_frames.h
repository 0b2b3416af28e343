#pragma once
/// \file copy_frames.h
/// copyFrames: copies one channel of float frames with a plain loop that the compiler may
/// vectorize but may not turn into a call to memcpy/memmove.
///
/// Why: in the WebAssembly build (Emscripten 3.1.6, no bulk-memory) memcpy of 512 bytes or more
/// (one channel of a 128-frame block) leaves wasm for JavaScript (emscripten_memcpy_big →
/// HEAPU8.copyWithin), a round trip that costs more than the copy itself (measured:
/// bench/wasm-graph-bench.mjs, docs/performance.md "The graph around the EQ in WebAssembly").
/// With -msimd128 the loop below becomes v128 loads and stores. Natively it is an ordinary
/// vectorized loop. The values copied are the same bits either way.

#include <cstdint>

namespace wavegraph {

#if defined(__clang__)
#define WAVEGRAPH_NO_MEMCPY_CALL __attribute__((no_builtin("memcpy", "memmove")))
#else
#define WAVEGRAPH_NO_MEMCPY_CALL
#endif

/// dst[i] = src[i] for i < numFrames. dst and src must not overlap unless dst == src (then
/// nothing changes). [audio] no allocation, no call.
WAVEGRAPH_NO_MEMCPY_CALL inline void copyFrames(float* dst, const float* src, uint32_t numFrames) noexcept {
    if (dst == src) return;
    for (uint32_t i = 0; i < numFrames; ++i) dst[i] = src[i];
}

}  // namespace wavegraph
