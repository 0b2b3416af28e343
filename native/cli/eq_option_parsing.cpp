#include "cli/eq_option_parsing.h"

#include <cmath>
#include <cstdint>
#include <string>

#include "base/format_number.h"
#include "host/number_parsing.h"
#include "parametric_eq.h"
#include "smoothed_gain.h"

namespace wavegraph::cli {

namespace {
std::string bandRange() {
    return "0…" + std::to_string(ParametricEq::kNumBands - 1);
}
std::string eqGainRange() {
    return formatNumber(ParametricEq::kMinGainDb) + "…" + formatNumber(ParametricEq::kMaxGainDb) + " dB";
}
std::string masterGainRange() {
    return formatNumber(SmoothedGain::kMinGainDb) + "…" + formatNumber(SmoothedGain::kMaxGainDb) + " dB";
}
}  // namespace

Status parseBandGain(const ReferenceChain& chain, std::string_view bandText,
                     std::string_view gainDbText, CommandRecord& out) {  // [control]
    const auto band = parseWholeNumber(bandText);
    if (!band)
        return Status::error("band '" + std::string(bandText) + "' is not a whole number (allowed " +
                             bandRange() + ")");
    if (*band < 0 || *band > int64_t{UINT32_MAX})  // validateBand takes a u32
        return Status::error("band " + std::to_string(*band) + " is out of range (" + bandRange() + ")");
    if (auto status = chain.eq().validateBand(static_cast<uint32_t>(*band)); !status) return status;
    const auto gainDb = parseNumber(gainDbText);
    if (!gainDb || !std::isfinite(*gainDb))
        return Status::error("gain '" + std::string(gainDbText) + "' is not a finite number (allowed " +
                             eqGainRange() + ")");
    CommandRecord record;
    record.target = node::eq;
    record.param = param::eqBandGainDb(static_cast<uint32_t>(*band));
    record.value = *gainDb;
    if (auto status = chain.validate(record); !status) return status;
    out = record;
    return Status::ok();
}

Status parseEqOption(const ReferenceChain& chain, std::string_view text, CommandRecord& out) {  // [control]
    const auto equals = text.find('=');
    if (equals == std::string_view::npos)
        return Status::error("expected BAND=DB, e.g. --eq 4=-20 (bands " + bandRange() + ", " +
                             eqGainRange() + ")");
    return parseBandGain(chain, text.substr(0, equals), text.substr(equals + 1), out);
}

Status parseMasterGain(const ReferenceChain& chain, std::string_view gainDbText,
                       CommandRecord& out) {  // [control]
    const auto gainDb = parseNumber(gainDbText);
    if (!gainDb || !std::isfinite(*gainDb))
        return Status::error("not a finite number (allowed " + masterGainRange() + ")");
    CommandRecord record;
    record.target = node::masterGain;
    record.param = param::masterGainDb;
    record.value = *gainDb;
    if (auto status = chain.validate(record); !status) return status;
    out = record;
    return Status::ok();
}

}  // namespace wavegraph::cli
