// The pure parts of `wavegraph serve` (native/server/): the access rules (token compare, Origin
// allow-list, media names confined to the --media folder) and the JSON commands clients send.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include <unistd.h>

#include "server/access_policy.h"
#include "server/command_json.h"

namespace fs = std::filesystem;
using wavegraph::server::AccessPolicy;

TEST(ServerAccess, ConstantTimeEqualComparesWholeStrings) {
    using wavegraph::server::constantTimeEqual;
    EXPECT_TRUE(constantTimeEqual("secret", "secret"));
    EXPECT_TRUE(constantTimeEqual("", ""));
    EXPECT_FALSE(constantTimeEqual("secret", "secreT"));
    EXPECT_FALSE(constantTimeEqual("secret", "secret2"));
    EXPECT_FALSE(constantTimeEqual("secret2", "secret"));
    EXPECT_FALSE(constantTimeEqual("", "x"));
    EXPECT_FALSE(constantTimeEqual(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST(ServerAccess, TokenFromHeaderOrQuery) {
    AccessPolicy::Setup setup;
    setup.token = "s3cr3t";
    const AccessPolicy policy(setup);
    EXPECT_TRUE(policy.checkToken("Bearer s3cr3t", "/api/status"));
    EXPECT_TRUE(policy.checkToken("", "/api/live?token=s3cr3t"));
    EXPECT_TRUE(policy.checkToken("", "/api/live?a=1&token=s3%63r3t"));  // percent-decoded
    EXPECT_EQ(policy.checkToken("", "/api/status").message().rfind("token missing", 0), 0u);
    EXPECT_EQ(policy.checkToken("Bearer s3cr3", "/api/status").message(), "token wrong");
    EXPECT_EQ(policy.checkToken("Basic s3cr3t", "/api/status").message().rfind("token missing", 0), 0u);
    EXPECT_EQ(policy.checkToken("", "/api/live?token=").message(), "token wrong");
    EXPECT_TRUE(AccessPolicy(AccessPolicy::Setup{}).checkToken("", "/api/status"));  // no token configured
}

TEST(ServerAccess, OriginAllowList) {
    AccessPolicy::Setup setup;
    setup.bind = "127.0.0.1";
    setup.port = 8420;
    setup.allowedOrigins = {"http://192.168.1.5:5173", "https://studio.example:*"};
    const AccessPolicy policy(setup);
    for (const char* ok : {"", "http://127.0.0.1:8420", "http://localhost:5173", "http://127.0.0.1:1",
                           "http://[::1]:8420", "http://192.168.1.5:5173", "https://studio.example:443"})
        EXPECT_TRUE(policy.originAllowed(ok)) << ok;
    for (const char* bad : {"http://evil.com", "http://evil.com:8420", "null", "http://localhost", "http://localhost:",
                            "http://localhost:80.evil.com", "http://localhost.evil.com:80", "https://localhost:5173",
                            "http://192.168.1.5:5174", "http://127.0.0.1:8420/", "http://localhost:123456"})
        EXPECT_FALSE(policy.originAllowed(bad)) << bad;
}

TEST(ServerAccess, LoopbackBinds) {
    using wavegraph::server::isLoopbackBind;
    EXPECT_TRUE(isLoopbackBind("127.0.0.1"));
    EXPECT_TRUE(isLoopbackBind("127.1.2.3"));
    EXPECT_TRUE(isLoopbackBind("::1"));
    EXPECT_TRUE(isLoopbackBind("localhost"));
    EXPECT_FALSE(isLoopbackBind("0.0.0.0"));
    EXPECT_FALSE(isLoopbackBind("::"));
    EXPECT_FALSE(isLoopbackBind("192.168.1.5"));
}

class ServerMedia : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("wavegraph-media-test-" + std::to_string(::getpid()));
        fs::remove_all(root_);
        fs::create_directories(root_ / "media" / "sub");
        fs::create_directories(root_ / "outside");
        std::ofstream(root_ / "media" / "voice.wav") << "x";
        std::ofstream(root_ / "media" / "sub" / "drums.wav") << "x";
        std::ofstream(root_ / "outside" / "secret.wav") << "x";
        fs::create_symlink(root_ / "outside" / "secret.wav", root_ / "media" / "link.wav");
        fs::create_directory_symlink(root_ / "outside", root_ / "media" / "linkdir");
        fs::create_symlink(root_ / "media" / "voice.wav", root_ / "media" / "inside-link.wav");
        AccessPolicy::Setup setup;
        setup.mediaDir = root_ / "media";
        policy_ = std::make_unique<AccessPolicy>(setup);
    }
    void TearDown() override { fs::remove_all(root_); }
    std::string resolve(const std::string& name) {
        fs::path out;
        auto status = policy_->resolveMedia(name, out);
        return status ? "ok " + out.lexically_relative(fs::canonical(root_)).string() : status.message();
    }
    fs::path root_;
    std::unique_ptr<AccessPolicy> policy_;
};

TEST_F(ServerMedia, NamesInsideTheFolderResolve) {
    EXPECT_EQ(resolve("voice.wav"), "ok media/voice.wav");
    EXPECT_EQ(resolve("sub/drums.wav"), "ok media/sub/drums.wav");
    EXPECT_EQ(resolve("./sub/../voice.wav").rfind("media './sub/../voice.wav': '..' is not allowed", 0), 0u);
    EXPECT_EQ(resolve("inside-link.wav"), "ok media/voice.wav");  // a symlink that stays inside
}

TEST_F(ServerMedia, EscapesAreRefused) {
    EXPECT_NE(resolve("../outside/secret.wav").find("'..' is not allowed"), std::string::npos);
    EXPECT_NE(resolve("sub/../../outside/secret.wav").find("'..' is not allowed"), std::string::npos);
    EXPECT_NE(resolve((root_ / "outside" / "secret.wav").string()).find("absolute paths are not allowed"),
              std::string::npos);
    EXPECT_NE(resolve("/etc/passwd").find("absolute paths are not allowed"), std::string::npos);
    EXPECT_NE(resolve("link.wav").find("leads outside the media folder"), std::string::npos);
    EXPECT_NE(resolve("linkdir/secret.wav").find("leads outside the media folder"), std::string::npos);
    EXPECT_NE(resolve("").find("not a file name"), std::string::npos);
    EXPECT_NE(resolve(std::string("voice.wav\0x", 11)).find("not a file name"), std::string::npos);
    EXPECT_NE(resolve("missing.wav").find("no such file"), std::string::npos);
    EXPECT_NE(resolve("sub").find("no such file"), std::string::npos);  // a folder is not a file
    AccessPolicy none{AccessPolicy::Setup{}};
    fs::path out;
    EXPECT_NE(none.resolveMedia("voice.wav", out).message().find("no media folder"), std::string::npos);
}

TEST(ServerCommands, ParameterCommandShapes) {
    using wavegraph::server::parseParameterCommand;
    wavegraph::cli::ParameterCommand c;
    ASSERT_TRUE(parseParameterCommand(
        nlohmann::json::parse(R"({"node":"eq","param":"band4.gainDb","value":-20,"atFrame":96000})"), "", c));
    EXPECT_EQ(c.node, "eq");
    EXPECT_EQ(c.param, "band4.gainDb");
    EXPECT_EQ(c.value, -20.0);
    EXPECT_EQ(c.atFrame, 96000);
    ASSERT_TRUE(parseParameterCommand(nlohmann::json::parse(R"({"node":1,"param":12,"value":3.5})"), "", c));
    EXPECT_EQ(c.node, "");
    EXPECT_EQ(c.nodeId, 1u);
    EXPECT_EQ(c.paramId, 12u);
    EXPECT_LT(c.atFrame, 0);
    auto error = [](const char* text, const std::string& path = "") {
        wavegraph::cli::ParameterCommand out;
        return parseParameterCommand(nlohmann::json::parse(text), path, out).message();
    };
    EXPECT_EQ(error(R"({"param":"x","value":1})"), "node: missing (a JSON id such as \"eq\", or a node id)");
    EXPECT_EQ(error(R"({"node":-1,"param":"x","value":1})"), "node: -1 is not a JSON id or node id");
    EXPECT_EQ(error(R"({"node":"eq","param":1.5,"value":1})"), "param: 1.5 is not a parameter name or id");
    EXPECT_EQ(error(R"({"node":"eq","param":"g","value":"1"})", "params[2]"),
              "params[2].value: \"1\" is not a finite number");
    EXPECT_EQ(error(R"({"node":"eq","param":"g"})"), "value: missing");
    EXPECT_EQ(error(R"({"node":"eq","param":"g","value":1,"atFrame":-5})"),
              "atFrame: -5 is not a whole number of frames (allowed 0…2^53)");
    EXPECT_EQ(error(R"({"node":"eq","param":"g","value":1,"atFrame":1.5})"),
              "atFrame: 1.5 is not a whole number of frames (allowed 0…2^53)");
    EXPECT_EQ(error(R"({"node":"eq","param":"g","value":1,"rampMs":-1})"), "rampMs: -1 is out of range (0…60000 ms)");
    EXPECT_EQ(error(R"([1])"), "the command: not an object");
}

TEST(ServerCommands, BatchNamesTheBadIndex) {
    using wavegraph::server::parseParameterBatch;
    std::vector<wavegraph::cli::ParameterCommand> out;
    EXPECT_TRUE(parseParameterBatch(nlohmann::json::parse(R"({"params":[{"node":"a","param":"b","value":1}]})"), out));
    EXPECT_EQ(out.size(), 1u);
    EXPECT_EQ(
        parseParameterBatch(
            nlohmann::json::parse(R"({"params":[{"node":"a","param":"b","value":1},{"node":"a","param":"b"}]})"), out)
            .message(),
        "params[1].value: missing");
    EXPECT_EQ(parseParameterBatch(nlohmann::json::parse(R"({"params":[]})"), out).message(),
              "params: 0 commands (allowed 1…1024)");
    EXPECT_NE(parseParameterBatch(nlohmann::json::parse(R"([])"), out).message().find("not a JSON object"),
              std::string::npos);
}

TEST(ServerCommands, LiveMessagesNeverThrow) {
    // 10000 seeded random and truncated messages: each gives ok or one error line, never an exception.
    using wavegraph::server::LiveMessage;
    using wavegraph::server::parseLiveMessage;
    const std::string valid =
        R"({"id":7,"op":"setParam","node":"eq","param":"band4.gainDb","value":-20,"atFrame":96000})";
    std::mt19937 random(20261206);
    size_t ok = 0, errors = 0;
    for (int i = 0; i < 10000; ++i) {
        std::string text = valid.substr(0, random() % (valid.size() + 1));
        for (int k = random() % 4; k > 0 && !text.empty(); --k)
            text[random() % text.size()] = static_cast<char>(random());
        LiveMessage message;
        const auto status = parseLiveMessage(text, message);
        if (status) {
            ++ok;
            wavegraph::cli::ParameterCommand command;
            (void)wavegraph::server::parseParameterCommand(message.json, "", command);
        } else {
            ++errors;
            EXPECT_FALSE(status.message().empty());
            EXPECT_EQ(status.message().find('\n'), std::string::npos);
        }
    }
    std::printf("10000 mutated messages: %zu parsed, %zu error replies\n", ok, errors);
    EXPECT_EQ(ok + errors, 10000u);
    LiveMessage message;
    EXPECT_EQ(parseLiveMessage(R"({"id":3,"op":"fly"})", message).message(),
              "op: unknown 'fly' (allowed setParam, loadGraph, subscribe, stats, parameters, status)");
    EXPECT_EQ(message.id, 3);
    EXPECT_EQ(parseLiveMessage("[1,2]", message).message(), "not a JSON object (send {\"op\": …})");
}
