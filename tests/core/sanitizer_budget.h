// Whether this test program is built with a sanitizer (AddressSanitizer + UBSan, or
// ThreadSanitizer), for the tests whose length is a budget rather than what they measure: there
// every load and store is checked, so each frame costs several times more, while a shorter run
// takes the same code paths. Such a test runs a fixed shorter budget in the sanitizer trees and
// says so in its output; the Release tree (preset native) runs the whole length. Tests whose
// bounds depend on AddressSanitizer's own memory read kAddressSanitizerBuild.
#pragma once

// gcc defines __SANITIZE_ADDRESS__ / __SANITIZE_THREAD__; clang answers __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define WAVEGRAPH_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WAVEGRAPH_TEST_ASAN 1
#endif
#endif
#if defined(WAVEGRAPH_TEST_ASAN) || defined(__SANITIZE_THREAD__)
#define WAVEGRAPH_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define WAVEGRAPH_TEST_SANITIZED 1
#endif
#endif

namespace wavegraph::test {

/// True when this program is built with AddressSanitizer or ThreadSanitizer. [any]
#if defined(WAVEGRAPH_TEST_SANITIZED)
inline constexpr bool kSanitizedBuild = true;
#else
inline constexpr bool kSanitizedBuild = false;
#endif

/// True when this program is built with AddressSanitizer. [any]
#if defined(WAVEGRAPH_TEST_ASAN)
inline constexpr bool kAddressSanitizerBuild = true;
#else
inline constexpr bool kAddressSanitizerBuild = false;
#endif

}  // namespace wavegraph::test
