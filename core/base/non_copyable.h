#pragma once
/// \file non_copyable.h
/// Base for classes that own a resource (a file, a stream, a thread's state) and so must not be
/// copied: `class SoundFileReader : NonCopyable { … };`. Moves are not declared either.

namespace wavegraph {

/// Deletes copy construction and copy assignment for the classes deriving from it. [any]
class NonCopyable {
public:
    NonCopyable(const NonCopyable&) = delete;
    NonCopyable& operator=(const NonCopyable&) = delete;

protected:
    NonCopyable() = default;
    ~NonCopyable() = default;
};

}  // namespace wavegraph
