#pragma once
// Test-only real-time guard: counts calls to the global operator new and to pthread mutex
// locking made by the current thread while a scope is active. Every test that checks
// "no allocation on the audio path" with it also checks "no lock": a scope that locked fails
// its test when it ends (unless constructed with LockPolicy::count).

#include <cstddef>

namespace wavegraph::test {

class AllocationCounter {
public:
    enum class LockPolicy { failTest, count };
    explicit AllocationCounter(LockPolicy policy = LockPolicy::failTest);
    ~AllocationCounter();
    /// Heap allocations so far in this scope.
    size_t count() const;
    /// pthread_mutex_lock/trylock calls (std::mutex, std::lock_guard, …) so far in this scope.
    size_t locks() const;

private:
    LockPolicy policy_;
};

}  // namespace wavegraph::test
