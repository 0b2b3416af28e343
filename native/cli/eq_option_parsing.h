#pragma once
/// \file eq_option_parsing.h
/// Turns user text ("--eq 4=-20", "--gain-db -3", stdin "eq 4 -20", "gain -3") into validated
/// CommandRecords for the reference chain. Range checks are the chain's own validate(), so the
/// allowed ranges in messages come from the core.

#include <string_view>

#include "reference_chain.h"
#include "base/status.h"

namespace wavegraph::cli {

/// BAND (whole number, 0…7) and DB (gain in dB, -24…24) → eq.bandB.gainDb. [control]
/// Errors (one line, no prefix): "band x is not a whole number (allowed 0…7)",
/// "band 9 is out of range (0…7)", "gain 'abc' is not a finite number (allowed -24…24 dB)",
/// "band 4 gainDb 30 is out of range (-24…24 dB)".
Status parseBandGain(const ReferenceChain& chain, std::string_view bandText,
                     std::string_view gainDbText, CommandRecord& out);

/// The --eq value "BAND=DB" (e.g. "4=-20"); a missing '=' is reported with an example. [control]
Status parseEqOption(const ReferenceChain& chain, std::string_view text, CommandRecord& out);

/// DB (master gain in dB, -60…12) → masterGain.gainDb. [control]
/// Errors: "not a finite number (allowed -60…12 dB)", "gainDb 40 is out of range (-60…12 dB)".
Status parseMasterGain(const ReferenceChain& chain, std::string_view gainDbText, CommandRecord& out);

}  // namespace wavegraph::cli
