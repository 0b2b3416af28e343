// Loading plugins (host/plugin_library.h) in-process: each way a plugin can be wrong gives its one
// line and leaves the registry as it was; a good plugin adds its types; the library stays loaded
// while a node made from it exists and is closed after the last one (checked with RTLD_NOLOAD).

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "host/plugin_library.h"
#include "session/default_registry.h"

namespace wavegraph::host {
namespace {

const std::string kSoftClipper = TEST_PLUGIN_soft_clipper;
const std::string kMisbehaving = TEST_PLUGIN_misbehaving;

/// True while the library at `path` is loaded in this process (does not load it). [control]
bool isLoaded(const std::string& path) {
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD);
    if (handle == nullptr) return false;
    dlclose(handle);  // RTLD_NOLOAD took a reference
    return true;
}

/// Loads `path` into a default registry: the status, and whether the registry is unchanged.
Status loadIntoDefault(const std::string& path, bool& registryUnchanged) {
    NodeRegistry registry = makeDefaultNodeRegistry();
    const auto before = registry.types();
    std::vector<std::string> added;
    Status status = loadPlugin(path, registry, &added);
    registryUnchanged = registry.types() == before && added.empty();
    return status;
}

TEST(PluginLibrary, EachFailureIsOneLineAndAddsNothing) {
    const std::string textFile = ::testing::TempDir() + "wavegraph-not-a-library.so";
    std::ofstream(textFile) << "this is a text file, not an ELF shared library\n";
    struct Case {
        std::string path, expected;
        bool prefixOnly = false;
    };
    const std::vector<Case> cases = {
        {"/nonexistent/dir/plugin.so", "plugin /nonexistent/dir/plugin.so: no such file"},
        {::testing::TempDir(), "plugin " + ::testing::TempDir() + ": is a directory, not a shared library"},
        {textFile, "plugin " + textFile + ": cannot be loaded (", true},
        {TEST_PLUGIN_no_entry, "plugin " TEST_PLUGIN_no_entry " has no wavegraph_processor_entry function"},
        {TEST_PLUGIN_abi_major_2,
         "plugin " TEST_PLUGIN_abi_major_2 ": processor ABI 2.0 is not supported (this wavegraph reads 1.0)"},
        {TEST_PLUGIN_invalid_descriptor, "plugin " TEST_PLUGIN_invalid_descriptor
                                         ": processor 'badDefault': parameter 0 'drive': default 30 is outside 1…20"},
    };
    for (const Case& c : cases) {
        bool unchanged = false;
        const Status status = loadIntoDefault(c.path, unchanged);
        std::printf("%s\n", status.message().c_str());
        EXPECT_FALSE(status);
        EXPECT_EQ(status.message().find('\n'), std::string::npos);
        if (c.prefixOnly)
            EXPECT_EQ(status.message().rfind(c.expected, 0), 0u) << status.message();
        else
            EXPECT_EQ(status.message(), c.expected);
        EXPECT_TRUE(unchanged) << c.path;
    }
    // A refused plugin is not kept loaded.
    EXPECT_FALSE(isLoaded(TEST_PLUGIN_abi_major_2));
    EXPECT_FALSE(isLoaded(TEST_PLUGIN_invalid_descriptor));
    EXPECT_FALSE(isLoaded(TEST_PLUGIN_no_entry));
}

TEST(PluginLibrary, AddsItsTypesOnceAndRefusesThemTwice) {
    NodeRegistry registry = makeDefaultNodeRegistry();
    const size_t builtIn = registry.types().size();
    std::vector<std::string> added;
    const Status first = loadPlugins({kSoftClipper, kMisbehaving}, registry, &added);
    ASSERT_TRUE(first) << first.message();
    EXPECT_EQ(added, (std::vector<std::string>{"softClipper", "misbehaving"}));
    EXPECT_EQ(registry.types().size(), builtIn + 2);
    const Status again = loadPlugin(kSoftClipper, registry);
    std::printf("%s\n", again.message().c_str());
    EXPECT_EQ(again.message(), "plugin " + kSoftClipper + ": type name 'softClipper' is already a node type");
    EXPECT_EQ(registry.types().size(), builtIn + 2);
}

TEST(PluginLibrary, StaysLoadedWhileANodeExistsAndIsClosedAfterTheLast) {
    ASSERT_FALSE(isLoaded(kMisbehaving));
    std::shared_ptr<Node> node;
    {
        NodeRegistry registry = makeDefaultNodeRegistry();
        ASSERT_TRUE(loadPlugin(kMisbehaving, registry));
        EXPECT_TRUE(isLoaded(kMisbehaving));
        node = registry.create("misbehaving");
        ASSERT_NE(node, nullptr);
        EXPECT_EQ(node->typeName(), "misbehaving");
    }
    const bool loadedWithNodeOnly = isLoaded(kMisbehaving);
    node->prepare(ProcessSpec{48000.0, 128, 2});  // the plugin's code still runs
    EXPECT_TRUE(node->prepareStatus());
    node.reset();
    const bool loadedAfterLastNode = isLoaded(kMisbehaving);
    std::printf("loaded with only a node left: %d; after the last node: %d\n", loadedWithNodeOnly, loadedAfterLastNode);
    EXPECT_TRUE(loadedWithNodeOnly);
    EXPECT_FALSE(loadedAfterLastNode);
}

}  // namespace
}  // namespace wavegraph::host
