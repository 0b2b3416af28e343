#pragma once
/// \file parameter_options.h
/// The one vocabulary of parameter shorthands on every command: `--eq BAND=DB` (repeatable) and
/// stdin `eq BAND DB` mean eq.bandBAND.gainDb, `--gain-db DB` and stdin `gain DB` mean
/// master.gainDb. Names resolve in the running graph (the reference graph, or --graph) and values
/// are checked against its parameter table, so the ranges in the messages are the graph's, e.g.
/// "--eq 4=50: eq.band4.gainDb 50 is out of range (-40…40 dB)".

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "session/host_session.h"

namespace wavegraph::cli {

inline constexpr std::string_view kEqNode = "eq";
inline constexpr std::string_view kMasterGainParameter = "master.gainDb";

/// BAND → "eq.bandBAND.gainDb", resolved in the session's graph. Errors: "band 'x' is not a
/// whole number (e.g. 4)", "eq has no band 9 (bands 0…7)", "no node 'eq' in the graph (nodes:
/// …)". [control]
Status eqBandParameterName(const HostSession& session, std::string_view bandText, std::string& name);

/// The number in `text` for parameter `name`; else "master.gainDb 'abc' is not a number
/// (allowed -120…24 dB)". [control]
Status parseParameterValue(const HostSession& session, std::string_view name, std::string_view text, double& value);

/// The --eq and --gain-db options, in command-line order (a later --eq for a band wins).
struct ParameterOptions {
    std::vector<std::string> eq;        ///< "BAND=DB" each
    std::optional<std::string> gainDb;  ///< master gain text
    bool empty() const noexcept { return eq.empty() && !gainDb; }
};

/// Resolves, checks and sets every option in `session` at once (no ramp: the values the
/// stream or render starts from). On the first bad one returns the one-line message with the
/// option first: "--eq 4=50: eq.band4.gainDb 50 is out of range (-40…40 dB)", "--eq 9=1: eq
/// has no band 9 (bands 0…7)", "--gain-db -3: no node 'master' in the graph (nodes: osc)".
/// [control, before the first process call]
Status applyParameterOptions(HostSession& session, const ParameterOptions& options);

/// The range of parameter `name` in the reference graph at 48 kHz, from its parameter table,
/// e.g. "-40…40 dB" for "eq.band0.gainDb"; "" when the graph has no such parameter. [control]
std::string referenceRangeText(std::string_view name);

/// " dB", " Hz", … for the parameter `name` of the session's graph ("" when unitless or
/// unknown). [control]
std::string unitSuffix(const HostSession& session, std::string_view name);

}  // namespace wavegraph::cli
