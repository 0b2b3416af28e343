#pragma once
/// \file node_fork.h
/// Helpers for Node::fork / Node::copyStateFrom in node classes whose whole state is held in
/// copy-assignable members whose storage is sized only by the configuration and the spec.

#include "graph/node.h"

namespace wavegraph {

/// True when `other` can hand its state to `self` (same type name, same spec). [any]
inline bool canCopyStateFrom(const Node& self, const Node& other) noexcept {
    const ProcessSpec& a = self.spec();
    const ProcessSpec& b = other.spec();
    return &self != &other && self.typeName() == other.typeName() && a.sampleRateHz == b.sampleRateHz &&
           a.maxBlockFrames == b.maxBlockFrames && a.numChannels == b.numChannels;
}

/// copyStateFrom by copy assignment of the whole node. The caller guarantees that Derived's
/// vectors have the same sizes in both nodes (same configuration and spec), so that the
/// assignment copies into existing storage and does not allocate (checked by the allocation
/// guard in tests/core/nodes/fork_test.cpp). [audio]
template <class Derived>
bool copyStateByAssignment(Derived& self, const Node& other) noexcept {
    if (!canCopyStateFrom(self, other)) return false;
    self = static_cast<const Derived&>(other);
    return true;
}

}  // namespace wavegraph
