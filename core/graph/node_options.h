#pragma once
/// \file node_options.h
/// The construction options of one node in a graph description (its `options` object, e.g.
/// `{ "numberOfOutputs": 4 }` or `{ "curve": [-1, 0, 1], "oversample": "2x" }`), read by the
/// node type's OptionsCreator (node_registry.h). Every reader returns an error that starts with
/// the option's name and says what is allowed, e.g. "numberOfOutputs: 40 is out of range (1…32)".
/// An option that is absent gives the default. [control] Allocates.

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/audio_buffer.h"
#include "base/status.h"

namespace wavegraph {

/// A node's options object, parsed; read with the typed readers below. [control]
class NodeOptions {
public:
    NodeOptions();  ///< No options (every reader gives its default).
    ~NodeOptions();
    NodeOptions(NodeOptions&&) noexcept;             ///< Takes the parsed options over.
    NodeOptions& operator=(NodeOptions&&) noexcept;  ///< Takes the parsed options over.

    /// Parses a JSON object (the text of a node's `options`). Error for anything else. [control]
    static Status parse(std::string_view json, NodeOptions& out);

    /// True when the option is present. [control]
    bool has(std::string_view name) const;
    /// An integer in [min, max]; `fallback` when absent. [control]
    Status readCount(std::string_view name, uint32_t min, uint32_t max, uint32_t fallback, uint32_t& out) const;
    /// A finite number in [min, max]; `fallback` when absent. [control]
    Status readNumber(std::string_view name, double min, double max, double fallback, double& out) const;
    /// A boolean; `fallback` when absent. [control]
    Status readBool(std::string_view name, bool fallback, bool& out) const;
    /// One of `choices` (a string); `fallback` when absent. [control]
    Status readChoice(std::string_view name, std::initializer_list<std::string_view> choices, std::string_view fallback,
                      std::string& out) const;
    /// An array of finite numbers (as float32), between minCount and maxCount of them; empty
    /// when absent. [control]
    Status readFloats(std::string_view name, size_t minCount, size_t maxCount, std::vector<float>& out) const;
    /// An array of arrays of finite numbers (channels of samples, float32): 1…maxChannels
    /// arrays of equal length 1…maxFrames; empty when absent. [control]
    Status readChannels(std::string_view name, uint32_t maxChannels, size_t maxFrames,
                        std::vector<std::vector<float>>& out) const;
    /// A non-empty string; `fallback` when absent. [control]
    Status readString(std::string_view name, std::string_view fallback, std::string& out) const;
    /// The name of one of the description's buffers (its top-level `buffers` object or a buffer
    /// the host gave, audio_buffer.h); nullptr when absent. Error: "buffer: no buffer named
    /// 'kik' (defined: kick, snare)". [control]
    Status readBuffer(std::string_view name, std::shared_ptr<const AudioBuffer>& out) const;
    /// The buffers readBuffer looks names up in (not owned; outlives the reads), or nullptr for none. [control]
    void setBuffers(const AudioBufferMap* buffers) noexcept { buffers_ = buffers; }

private:
    struct Parsed;
    std::unique_ptr<Parsed> parsed_;
    const AudioBufferMap* buffers_ = nullptr;
};

}  // namespace wavegraph
