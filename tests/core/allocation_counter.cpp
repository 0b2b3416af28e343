// Replaces the global allocation functions and interposes pthread's mutex lock
// functions for the test binary, so that a test can count allocations and locks around
// process() (the audio path must make none). The interposed functions forward to the next
// definition (glibc's), found once with dlsym(RTLD_NEXT).
#include "allocation_counter.h"

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <pthread.h>

#include <cstdlib>
#include <new>

namespace {
thread_local bool gCounting = false;
thread_local size_t gCount = 0;
thread_local size_t gLocks = 0;

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
// The nothrow forms too: a sanitizer runtime would otherwise serve them with its own allocator,
// uncounted, and a plugin's `new (std::nothrow)` would meet this file's delete.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    if (gCounting) ++gCount;
    return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return operator new(size, tag); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace {
using MutexFunction = int (*)(pthread_mutex_t*);
MutexFunction next(const char* name) { return reinterpret_cast<MutexFunction>(dlsym(RTLD_NEXT, name)); }
}  // namespace

extern "C" {
int pthread_mutex_lock(pthread_mutex_t* mutex) {
    static const MutexFunction real = next("pthread_mutex_lock");
    if (gCounting) ++gLocks;
    return real(mutex);
}
int pthread_mutex_trylock(pthread_mutex_t* mutex) {
    static const MutexFunction real = next("pthread_mutex_trylock");
    if (gCounting) ++gLocks;
    return real(mutex);
}
}

namespace wavegraph::test {
AllocationCounter::AllocationCounter(LockPolicy policy) : policy_(policy) {
    gCount = 0;
    gLocks = 0;
    gCounting = true;
}
AllocationCounter::~AllocationCounter() {
    gCounting = false;
    if (policy_ == LockPolicy::failTest && gLocks != 0)
        ADD_FAILURE() << gLocks << " mutex/rwlock lock(s) inside a real-time scope (the audio path must not lock)";
}
size_t AllocationCounter::count() const { return gCount; }
size_t AllocationCounter::locks() const { return gLocks; }
}  // namespace wavegraph::test
