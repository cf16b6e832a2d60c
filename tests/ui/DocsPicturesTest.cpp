// Every picture README.md and docs/*.md show exists and is made by scripts/screenshots.sh (docs/panel.md "The
// pictures"): the Markdown's image links (`![alt](path)`) against the script's `shot NAME …` and `report_shot NAME`
// lines, each making docs/images/NAME.png (links in code, fenced or inline, are examples and left out); a panel
// picture's input script docs/screenshots/NAME.txt must exist and parse. The script itself is not run here (it takes
// minutes of rendering); this keeps the docs and it in step.
#include "tests/db/DbTestSupport.h"
#include "ui/PanelScript.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// @p markdown without its code: fenced blocks and inline code spans (an image link written as an example there
/// shows nothing).
std::string withoutCode(const std::string& markdown) {
    std::string out;
    std::istringstream lines(markdown);
    bool fenced = false;
    for (std::string line; std::getline(lines, line);) {
        if (line.find_first_not_of(' ') != std::string::npos &&
            line.substr(line.find_first_not_of(' ')).starts_with("```")) {
            fenced = !fenced;
            continue;
        }
        if (!fenced)
            out += std::regex_replace(line, std::regex("`[^`]*`"), "") + "\n";
    }
    return out;
}

/// The Markdown files whose pictures are checked: README.md and docs/*.md, relative to @p root.
std::vector<fs::path> markdownFiles(const fs::path& root) {
    std::vector<fs::path> files{"README.md"};
    for (const auto& entry : fs::directory_iterator(root / "docs"))
        if (entry.path().extension() == ".md")
            files.push_back(fs::relative(entry.path(), root));
    std::sort(files.begin() + 1, files.end());
    return files;
}

/// What is wrong with the pictures under @p root: one line per problem, naming the Markdown file and the picture.
std::vector<std::string> pictureProblems(const fs::path& root) {
    std::vector<std::string> problems;
    // What the script makes: docs/images/NAME.png for each `shot NAME` / `report_shot NAME` line.
    std::set<std::string> made;
    const std::string script = read(root / "scripts/screenshots.sh");
    if (script.empty())
        problems.push_back("scripts/screenshots.sh is missing or empty");
    const std::regex shotLine(R"((?:^|\n)(shot|report_shot) ([A-Za-z0-9_-]+))");
    for (auto it = std::sregex_iterator(script.begin(), script.end(), shotLine); it != std::sregex_iterator(); ++it) {
        const std::string name = (*it)[2];
        made.insert("docs/images/" + name + ".png");
        if ((*it)[1] != "shot")
            continue;
        const fs::path input = root / "docs/screenshots" / (name + ".txt");
        std::vector<std::string> errors;
        optiqual::ui::loadPanelScript(input.string(), errors);
        for (const auto& error : errors)
            problems.push_back("scripts/screenshots.sh: shot " + name + ": " + error);
    }
    // What the docs show: every image link, its path relative to the Markdown file.
    std::set<std::string> shown;
    const std::regex imageLink(R"(!\[[^\]]*\]\(([^)\s]+)\))");
    for (const auto& md : markdownFiles(root)) {
        const std::string text = withoutCode(read(root / md));
        for (auto it = std::sregex_iterator(text.begin(), text.end(), imageLink); it != std::sregex_iterator(); ++it) {
            const std::string link = (*it)[1];
            if (link.starts_with("http://") || link.starts_with("https://"))
                continue;
            const std::string picture = (md.parent_path() / link).lexically_normal().generic_string();
            shown.insert(picture);
            if (!fs::exists(root / picture))
                problems.push_back(md.generic_string() + " shows " + picture + ", which does not exist");
            if (!made.contains(picture))
                problems.push_back(md.generic_string() + " shows " + picture +
                                   ", which scripts/screenshots.sh does not make (no shot or report_shot line)");
        }
    }
    for (const auto& picture : made)
        if (!shown.contains(picture))
            problems.push_back("scripts/screenshots.sh makes " + picture + ", which no README.md or docs/*.md shows");
    return problems;
}

} // namespace

TEST(DocsPictures, EveryPictureTheDocsShowExistsAndIsMadeByTheScreenshotScript) {
    const std::vector<std::string> problems = pictureProblems(OPTIQUAL_SOURCE_DIR);
    std::string all;
    for (const auto& p : problems)
        all += p + "\n";
    EXPECT_TRUE(problems.empty()) << all;
}

TEST(DocsPictures, AMissingPictureOneTheScriptDoesNotMakeAndABrokenInputScriptAreEachNamed) {
    // A small tree of the same shape: the check must fail on each kind of drift, naming the file and the picture.
    optiqual::db::test::TempDir root;
    fs::create_directories(root / "docs/images");
    fs::create_directories(root / "docs/screenshots");
    fs::create_directories(root / "scripts");
    std::ofstream(root / "README.md") << "![a](docs/images/a.png)\n![b](docs/images/b.png) ![web](https://x/y.png)\n";
    std::ofstream(root / "docs/guide.md") << "text ![c](images/c.png), in code `![e](images/e.png)`\n"
                                          << "```\n![f](images/f.png)\n```\n";
    std::ofstream(root / "docs/images/a.png") << "png";
    std::ofstream(root / "docs/images/c.png") << "png";
    std::ofstream(root / "scripts/screenshots.sh") << "shot a sim.yaml --x\nreport_shot b\nshot d sim.yaml\n";
    std::ofstream(root / "docs/screenshots/a.txt") << "type SN-1\nwait forever\n";
    std::ofstream(root / "docs/screenshots/d.txt") << "type SN-1\n";
    const std::vector<std::string> expected = {
        "scripts/screenshots.sh: shot a: " + (root / "docs/screenshots/a.txt").string() +
            ":2:6: cannot wait for 'forever': prompt, idle, ended N or text \"…\"",
        "README.md shows docs/images/b.png, which does not exist",
        "docs/guide.md shows docs/images/c.png, which scripts/screenshots.sh does not make (no shot or report_shot "
        "line)",
        "scripts/screenshots.sh makes docs/images/d.png, which no README.md or docs/*.md shows",
    };
    EXPECT_EQ(pictureProblems(root.path()), expected);
}
