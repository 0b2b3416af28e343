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

namespace {
/// The whole of `text` as a T (std::from_chars: no locale, no leading spaces), or nullopt.
template <class T>
std::optional<T> parseWhole(std::string_view text) {
    text = withoutPlus(text);
    T value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}
}  // namespace

std::optional<double> parseNumber(std::string_view text) { return parseWhole<double>(text); }  // [control]

std::optional<int64_t> parseWholeNumber(std::string_view text) { return parseWhole<int64_t>(text); }  // [control]

}  // namespace wavegraph::cli
