#pragma once
/// \file number_parsing.h
/// Strict parsing of numbers typed by the user (command-line values, stdin commands).

#include <cstdint>
#include <optional>
#include <string_view>

namespace wavegraph::cli {

/// The whole of `text` as a decimal number ("-20", "+3", "0.5", "1e-3", "inf", "nan").
/// Leading/trailing spaces, an empty string or trailing junk ("3dB") give nullopt. [control]
std::optional<double> parseNumber(std::string_view text);

/// The whole of `text` as a signed whole number ("4", "-1", "+2"); nullopt when it is not one
/// or does not fit in 64 bits. [control]
std::optional<int64_t> parseWholeNumber(std::string_view text);

}  // namespace wavegraph::cli
