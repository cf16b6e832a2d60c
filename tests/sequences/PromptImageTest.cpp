// A prompt's `image:`: a PNG next to the sequence file, refused at load time (file:line:column of the value) when it
// is absolute, outside the sequence's folder, missing or not a PNG.
#include "sequences/SequenceLoader.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

using namespace optiqual::sequences;
using optiqual::core::Diagnostic;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPngSignature("\x89PNG\r\n\x1a\n", 8);
constexpr std::string_view kJpegStart("\xff\xd8\xff\xe0", 4);

class PromptImageTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("optiqual-prompt-image-" + std::to_string(::getpid()));
        fs::create_directories(m_dir / "images");
        write(m_dir / "images" / "seat.png", kPngSignature, 24);
        write(m_dir / "images" / "seat.jpg", kJpegStart, 24);
        write(m_dir / "short.png", kPngSignature.substr(0, 3), 0);
        write(m_dir.parent_path() / "outside.png", kPngSignature, 0);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
        fs::remove(m_dir.parent_path() / "outside.png", ec);
    }

    /// @brief @p head then @p zeros zero bytes (the loader reads only the first 8).
    static void write(const fs::path& path, std::string_view head, int zeros) {
        std::ofstream out(path, std::ios::binary);
        out.write(head.data(), std::streamsize(head.size()));
        for (int i = 0; i < zeros; ++i)
            out.put('\0');
    }

    /// @brief Loads a sequence with one confirm prompt whose `image:` line is @p image (line 8, value at column 12).
    Sequence load(const std::string& image, std::vector<Diagnostic>& diagnostics) const {
        const std::string text = "name: x\nversion: 1\nmain:\n"
                                 "  - name: Seat\n    type: prompt\n    kind: confirm\n    message: Seat it\n"
                                 "    image: " +
                                 image + "\n";
        return SequenceLoader().loadText(text, (m_dir / "p.yaml").string(), diagnostics, m_dir.string());
    }

    std::string refusal(const std::string& image) const {
        std::vector<Diagnostic> diagnostics;
        load(image, diagnostics);
        EXPECT_EQ(diagnostics.size(), 1u);
        return diagnostics.empty() ? std::string() : diagnostics.front().format();
    }

    std::string at() const { return (m_dir / "p.yaml").string() + ":8:12: "; }

    fs::path m_dir;
};

TEST_F(PromptImageTest, APngInTheSequenceFolderIsResolvedToAnAbsolutePath) {
    std::vector<Diagnostic> diagnostics;
    const Sequence seq = load("images/seat.png", diagnostics);
    ASSERT_TRUE(diagnostics.empty()) << diagnostics.front().format();
    ASSERT_EQ(seq.main.size(), 1u);
    ASSERT_TRUE(seq.main[0].prompt);
    EXPECT_EQ(seq.main[0].prompt->image, (m_dir / "images" / "seat.png").string());
    EXPECT_TRUE(fs::path(seq.main[0].prompt->image).is_absolute());
}

TEST_F(PromptImageTest, AnInnerDotDotThatStaysInsideIsAccepted) {
    std::vector<Diagnostic> diagnostics;
    const Sequence seq = load("images/../images/seat.png", diagnostics);
    ASSERT_TRUE(diagnostics.empty()) << diagnostics.front().format();
    EXPECT_EQ(seq.main[0].prompt->image, (m_dir / "images" / "seat.png").string());
}

TEST_F(PromptImageTest, NoImageLeavesThePathEmpty) {
    std::vector<Diagnostic> diagnostics;
    const Sequence seq = SequenceLoader().loadText(
        "name: x\nversion: 1\nmain:\n  - name: Seat\n    type: prompt\n    message: Seat it\n", "p.yaml", diagnostics);
    ASSERT_TRUE(diagnostics.empty());
    EXPECT_TRUE(seq.main[0].prompt->image.empty());
}

TEST_F(PromptImageTest, AMissingFileIsRefusedAtTheValue) {
    EXPECT_EQ(refusal("images/gone.png"),
              at() +
                  "prompt image 'images/gone.png' not found (it is looked for relative to the sequence file's folder)");
}

TEST_F(PromptImageTest, AnAbsolutePathIsRefused) {
    const std::string absolute = (m_dir / "images" / "seat.png").string();
    EXPECT_EQ(refusal(absolute),
              at() + "prompt image '" + absolute + "' must be relative to the sequence file's folder, not absolute");
}

TEST_F(PromptImageTest, APathLeavingTheSequenceFolderIsRefused) {
    EXPECT_EQ(refusal("../outside.png"), at() + "prompt image '../outside.png' is outside the sequence file's folder");
    EXPECT_EQ(refusal("images/../../outside.png"),
              at() + "prompt image 'images/../../outside.png' is outside the sequence file's folder");
}

TEST_F(PromptImageTest, ANonPngIsRefusedByItsSignature) {
    EXPECT_EQ(refusal("images/seat.jpg"),
              at() + "prompt image 'images/seat.jpg' is not a PNG file (only PNG images are shown)");
    EXPECT_EQ(refusal("short.png"),
              at() + "prompt image 'short.png' cannot be read as a PNG (too short or unreadable)");
}

TEST_F(PromptImageTest, ADirectoryIsNotAnImage) {
    EXPECT_EQ(refusal("images"),
              at() + "prompt image 'images' not found (it is looked for relative to the sequence file's folder)");
}

} // namespace
