#include "base/json_parse_error.h"

#include <nlohmann/json.hpp>

namespace wavegraph {
namespace {

using json = nlohmann::json;

// A SAX consumer that accepts every value and records the parser's first error.
struct ParseErrorCatcher : nlohmann::json_sax<json> {
    std::string message;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t position, const std::string& lastToken, const nlohmann::detail::exception&) override {
        message = "not valid JSON at byte " + std::to_string(position) + " (near '" + lastToken.substr(0, 20) + "')";
        return false;
    }
};

}  // namespace

std::string jsonParseErrorMessage(std::string_view text) {  // [control]
    ParseErrorCatcher catcher;
    json::sax_parse(text.begin(), text.end(), &catcher, nlohmann::detail::input_format_t::json, true);
    return catcher.message.empty() ? "not valid JSON" : catcher.message;
}

}  // namespace wavegraph
