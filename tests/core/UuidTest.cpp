// Run identities (issue 11): UUIDv7 — time-ordered, unique across processes with no shared seed.
#include "core/Uuid.h"

#include <algorithm>
#include <array>
#include <gtest/gtest.h>
#include <regex>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

using namespace optiqual::core;
using namespace std::chrono_literals;

TEST(UuidV7, CarriesItsMillisecondVersionAndVariant) {
    const std::regex shape("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    UuidV7Generator g;
    const auto at = std::chrono::system_clock::time_point(1'764'979'200'123ms); // 2025-12-06 00:00:00.123 UTC
    const std::string id = g.next(at);
    EXPECT_TRUE(std::regex_match(id, shape)) << id;
    EXPECT_EQ(uuidV7Milliseconds(id), 1'764'979'200'123u);
    EXPECT_EQ(id.substr(0, 13), "019af0f5-507b") << "48-bit big-endian milliseconds first (RFC 9562 §5.7)";
    EXPECT_EQ(formatUuidV7(0x0123456789abULL, 0xcde, 0x3fffffffffffffffULL), "01234567-89ab-7cde-bfff-ffffffffffff");
    EXPECT_FALSE(uuidV7Milliseconds("01234567-89ab-4cde-bfff-ffffffffffff")) << "a version 4 identifier";
    EXPECT_FALSE(uuidV7Milliseconds("not a uuid"));
}

TEST(UuidV7, OneGeneratorCountsUpWithinAMillisecondAndNeverGoesBack) {
    UuidV7Generator g;
    const auto at = std::chrono::system_clock::time_point(1'764'979'200'000ms);
    std::vector<std::string> ids;
    // 10,000 in one millisecond overflow the 12-bit counter: the timestamp moves on rather than repeating.
    for (int i = 0; i < 10'000; ++i)
        ids.push_back(g.next(at));
    ids.push_back(g.next(at - 5s)); // the clock stepped back
    ids.push_back(g.next(at + 1h));
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end())) << "text order is creation order";
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
    EXPECT_GT(*uuidV7Milliseconds(ids[9'999]), *uuidV7Milliseconds(ids[0]));
    EXPECT_LE(*uuidV7Milliseconds(ids[9'999]) - *uuidV7Milliseconds(ids[0]), 5u);
}

// The defect this replaces: identifiers drawn from a generator seeded once per process, so two processes (or a
// forked child) that drew the same seed produced the same identifiers. Here a forked child and its parent, at the
// same instant and from generators in the same state, share none.
TEST(UuidV7, AForkedChildAndItsParentNeverDrawTheSameIdentifier) {
    UuidV7Generator g;
    const auto at = std::chrono::system_clock::time_point(1'764'979'200'000ms);
    g.next(at);
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    constexpr int kEach = 2000;
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        close(fds[0]);
        for (int i = 0; i < kEach; ++i) {
            const std::string id = g.next(at) + "\n";
            if (write(fds[1], id.data(), id.size()) != ssize_t(id.size()))
                _exit(1);
        }
        _exit(0);
    }
    close(fds[1]);
    std::set<std::string> all;
    for (int i = 0; i < kEach; ++i)
        all.insert(g.next(at));
    std::string text;
    std::array<char, 4096> buffer{};
    for (ssize_t n; (n = read(fds[0], buffer.data(), buffer.size())) > 0;)
        text.append(buffer.data(), std::size_t(n));
    close(fds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ASSERT_EQ(text.size(), std::size_t(kEach) * 37);
    for (std::size_t at37 = 0; at37 < text.size(); at37 += 37)
        all.insert(text.substr(at37, 36));
    constexpr auto kBoth = std::size_t{2} * kEach;
    EXPECT_EQ(all.size(), kBoth) << "the two processes drew " << kBoth - all.size() << " alike";
}
