// Replaces the global allocation functions for the test binary so that a test can count
// allocations around process() (the audio path must make none).
#include "allocation_counter.h"

#include <cstdlib>
#include <new>

namespace {
thread_local bool gCounting = false;
thread_local size_t gCount = 0;

void* allocate(std::size_t size) {
    if (gCounting) ++gCount;
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void* allocateAligned(std::size_t size, std::align_val_t align) {
    if (gCounting) ++gCount;
    const auto a = static_cast<std::size_t>(align);
    if (void* p = std::aligned_alloc(a, (size + a - 1) / a * a)) return p;
    throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void* operator new(std::size_t size, std::align_val_t a) { return allocateAligned(size, a); }
void* operator new[](std::size_t size, std::align_val_t a) { return allocateAligned(size, a); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace wavegraph::test {
AllocationCounter::AllocationCounter() { gCount = 0; gCounting = true; }
AllocationCounter::~AllocationCounter() { gCounting = false; }
size_t AllocationCounter::count() const { return gCount; }
}  // namespace wavegraph::test
