#pragma once
// Test-only: counts calls to the global operator new while a scope is active on this thread.

#include <cstddef>

namespace wavegraph::test {

/// Counts heap allocations made by the current thread while alive.
class AllocationCounter {
public:
    AllocationCounter();
    ~AllocationCounter();
    size_t count() const;
};

}  // namespace wavegraph::test
