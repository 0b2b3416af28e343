#pragma once
/// \file copy_frames.h
/// copyFrames: copies one channel of float frames. In WebAssembly it is a plain loop that the
/// compiler vectorizes but may not turn into a call to memcpy/memmove.
///
/// Why: in the WebAssembly build (Emscripten 3.1.6, no bulk-memory) memcpy of 512 bytes or more
/// (one channel of a 128-frame block) leaves wasm for JavaScript (emscripten_memcpy_big →
/// HEAPU8.copyWithin), a round trip that costs more than the copy itself (measured:
/// bench/wasm-graph-bench.mjs, docs/performance.md "WebAssembly in Node").
/// With -msimd128 the loop below becomes v128 loads and stores. Natively copyFrames is
/// std::copy_n (the C library's memcpy). The values copied are the same bits either way.

#include <algorithm>
#include <cstdint>

namespace wavegraph {

#if defined(__wasm__) && defined(__clang__)
/// dst[i] = src[i] for i < numFrames. dst and src must not overlap unless dst == src (then
/// nothing changes). [audio] no allocation; in wasm no call out of the module.
__attribute__((no_builtin("memcpy", "memmove"))) inline void copyFrames(float* dst, const float* src,
                                                                        uint32_t numFrames) noexcept {
    if (dst == src) return;
    for (uint32_t i = 0; i < numFrames; ++i) dst[i] = src[i];
}
#else
/// Natively the library memcpy is the fastest copy (measured: BM_Node/input/steady 18.5 ns with
/// the loop against 13.3 ns, gcc 12, 128 frames × 2 channels). [audio] no allocation.
inline void copyFrames(float* dst, const float* src, uint32_t numFrames) noexcept {
    if (dst != src) std::copy_n(src, numFrames, dst);
}
#endif

}  // namespace wavegraph
