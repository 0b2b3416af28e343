#pragma once
/// \file node_base.h
/// The part of the Node contract that follows from a node class's description, so that a node
/// class states only what is its own: its parameter table, prepare / reset / process, and one
/// setter. A node class `X` derives from `NodeBase<X>` and provides
///   - `static constexpr NodeShape kShape`: its JSON "type" and fixed port counts (a class whose
///     counts are configurable overrides numInputs() / numOutputs());
///   - `static constexpr std::array<ParameterInfo, N> kParameters`: its parameter table (a class
///     whose table depends on its configuration overrides parameters());
///   - `bool set(uint32_t id, double value, bool immediate) noexcept`: clamps `value` to the
///     parameter's range (NaN ignored), ramps smoothed parameters unless `immediate`, and returns
///     false for an unknown id or a value that had to be clamped, rounded or ignored. [audio]
/// (`set` may be private with `friend NodeBase<X>;`.) Its whole state must be copy-assignable
/// without allocating between two instances of the same configuration (node_fork.h); a class
/// with constructor arguments overrides fork() to pass them on.

#include <cmath>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "graph/node.h"
#include "graph/node_fork.h"

namespace wavegraph {

/// A node class's type name and port counts.
struct NodeShape {
    std::string_view typeName;  ///< The JSON "type", e.g. "gain".
    uint32_t numInputs = 0;     ///< Input ports.
    uint32_t numOutputs = 1;    ///< Output ports.
};

/// CRTP base of the built-in nodes: typeName, port counts and parameters from the derived
/// class's static kShape and kParameters, and the parameter bookkeeping shared by all of them.
template <class Derived>
class NodeBase : public Node {
public:
    std::string_view typeName() const noexcept override {
        return Derived::kShape.typeName;
    }  ///< Derived::kShape.typeName. [any]
    uint32_t numInputs() const noexcept override {
        return Derived::kShape.numInputs;
    }  ///< Derived::kShape.numInputs. [any]
    uint32_t numOutputs() const noexcept override {
        return Derived::kShape.numOutputs;
    }  ///< Derived::kShape.numOutputs. [any]
    /// Derived::kParameters, indexed by parameter id. [any]
    std::span<const ParameterInfo> parameters() const noexcept override {
        if constexpr (requires { Derived::kParameters; })
            return Derived::kParameters;
        else
            return {};  // a class without a fixed table overrides parameters()
    }
    /// Derived::set with a ramp for smoothed parameters. [audio]
    bool setParameter(uint32_t id, double value) noexcept override { return self().set(id, value, false); }
    /// Derived::set with no ramp. [audio]
    bool setParameterImmediate(uint32_t id, double value) noexcept override { return self().set(id, value, true); }
    /// A default-constructed Derived, unprepared (node.h). [control] Allocates.
    std::shared_ptr<Node> fork() const override { return std::make_shared<Derived>(); }
    /// Whole-node copy: parameters, ramps and state (node.h, node_fork.h). [audio]
    bool copyStateFrom(const Node& other) noexcept override { return copyStateByAssignment(self(), other); }

private:
    Derived& self() noexcept { return static_cast<Derived&>(*this); }
};

/// A node with no parameters and no state to reset (sources and pass-throughs that only
/// process): the parameter part of the contract, answered once.
class NodeWithoutParameters : public Node {
public:
    std::span<const ParameterInfo> parameters() const noexcept override { return {}; }  // [any]
    void reset() noexcept override {}                                                   // [audio]
    bool setParameter(uint32_t, double) noexcept override { return false; }             // [audio]
    double parameter(uint32_t) const noexcept override { return std::nan(""); }         // [any]
};

}  // namespace wavegraph
