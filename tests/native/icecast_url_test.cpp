// parseIcecastUrl: the parts of good addresses, and one line naming the problem for bad ones,
// never showing the password.

#include <gtest/gtest.h>

#include "host/icecast_url.h"

namespace wavegraph::cli {
namespace {

TEST(IcecastUrl, ParsesEveryPart) {
    IcecastUrl url;
    ASSERT_TRUE(parseIcecastUrl("icecast://source:hackme@127.0.0.1:8123/live.ogg", url));
    EXPECT_EQ(url.user, "source");
    EXPECT_EQ(url.password, "hackme");
    EXPECT_EQ(url.host, "127.0.0.1");
    EXPECT_EQ(url.port, 8123);
    EXPECT_EQ(url.mount, "/live.ogg");
    EXPECT_EQ(url.masked(), "icecast://source:***@127.0.0.1:8123/live.ogg");
}

TEST(IcecastUrl, DefaultsPortAndDecodesPercentEscapes) {
    IcecastUrl url;
    ASSERT_TRUE(parseIcecastUrl("ICECAST://me:p%40ss%3Aword@radio.example:65535/a/b.ogg", url));
    EXPECT_EQ(url.user, "me");
    EXPECT_EQ(url.password, "p@ss:word");
    EXPECT_EQ(url.port, 65535);
    EXPECT_EQ(url.mount, "/a/b.ogg");
    ASSERT_TRUE(parseIcecastUrl("icecast://source:x@host/m", url));
    EXPECT_EQ(url.port, 8000);
    ASSERT_TRUE(parseIcecastUrl("icecast://source:a@b@[::1]:9000/m", url));  // the last '@' ends the password
    EXPECT_EQ(url.password, "a@b");
    EXPECT_EQ(url.host, "::1");
    EXPECT_EQ(url.masked(), "icecast://source:***@[::1]:9000/m");
}

struct BadUrl {
    const char* text;
    const char* mustContain;
};

TEST(IcecastUrl, BadAddressesAreOneLineWithoutThePassword) {
    const BadUrl cases[] = {
        {"http://source:secret1@host:8000/live", "bad scheme 'http'"},
        {"source:secret1@host:8000/live", "not an icecast:// URL"},
        {"icecast://host:8000/live", "missing USER:PASSWORD@"},
        {"icecast://source@host:8000/live", "missing password"},
        {"icecast://source:@host:8000/live", "missing password"},
        {"icecast://source:secret1@host:0/live", "port 0 is out of range (allowed 1…65535)"},
        {"icecast://source:secret1@host:65536/live", "port 65536 is out of range (allowed 1…65535)"},
        {"icecast://source:secret1@host:99999999999999999999/live", "is out of range (allowed 1…65535)"},
        {"icecast://source:secret1@host:80a/live", "port '80a' is not a whole number"},
        {"icecast://source:secret1@host:/live", "missing port"},
        {"icecast://source:secret1@host:8000", "missing mount"},
        {"icecast://source:secret1@host:8000/", "missing mount"},
        {"icecast://source:secret1@:8000/live", "missing host"},
        {"icecast://source:secret1@host:8000/li ve", "mount '/li ve' has a space"},
        {"icecast://source:secret1%4@host:8000/live", "bad percent-encoding"},
        {"icecast://source:secret1@[::1/live", "missing ']'"},
    };
    for (const BadUrl& c : cases) {
        IcecastUrl url;
        const Status status = parseIcecastUrl(c.text, url);
        ASSERT_FALSE(status) << c.text;
        std::printf("%-58s -> %s\n", c.text, status.message().c_str());
        EXPECT_NE(status.message().find(c.mustContain), std::string::npos) << status.message();
        EXPECT_EQ(status.message().find("secret1"), std::string::npos) << status.message();
        EXPECT_EQ(status.message().find('\n'), std::string::npos);
    }
}

}  // namespace
}  // namespace wavegraph::cli
