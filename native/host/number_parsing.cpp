#include "host/number_parsing.h"

#include <charconv>
#include <system_error>

namespace wavegraph::cli {

namespace {
// from_chars accepts '-' but not '+': drop one leading '+' unless a sign follows it.
std::string_view withoutPlus(std::string_view text) {
    if (text.size() > 1 && text[0] == '+' && text[1] != '-' && text[1] != '+') text.remove_prefix(1);
    return text;
}
}  // namespace

std::optional<double> parseNumber(std::string_view text) {  // [control]
    text = withoutPlus(text);
    double value = 0.0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<int64_t> parseWholeNumber(std::string_view text) {  // [control]
    text = withoutPlus(text);
    int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace wavegraph::cli
