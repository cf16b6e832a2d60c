// The panel script's parser (`optiqual panel --script`): a good script's commands with their arguments, keys and
// timeouts; every error at its file:line:column, all of them reported at once.
#include "ui/PanelScript.h"

#include "tests/db/DbTestSupport.h"

#include <GLFW/glfw3.h>
#include <fstream>
#include <gtest/gtest.h>

using namespace optiqual;
using Kind = ui::ScriptCommand::Kind;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> errorsOf(const std::string& text) {
    std::vector<std::string> errors;
    ui::parsePanelScript(text, "s.txt", errors);
    return errors;
}

} // namespace

TEST(PanelScript, AGoodScriptGivesEachCommandWithItsArgumentsAndTimeout) {
    const std::string text = "# a comment line\n"
                             "type XPO-GOLDEN-1   \n"
                             "\n"
                             "  wait prompt   # waits\n"
                             "click Yes\n"
                             "timeout 2.5\n"
                             "click Abort unit\n"
                             "key F9\n"
                             "wait text \"operator answered \\\"no\\\" #1\"\n"
                             "answer 3.25\n"
                             "wait ended 2\n"
                             "wait idle\n"
                             "screenshot out dir/end.png\n";
    std::vector<std::string> errors;
    const auto script = ui::parsePanelScript(text, "s.txt", errors);
    ASSERT_TRUE(errors.empty()) << errors.front();
    ASSERT_EQ(script.commands.size(), 10u);
    const auto& c = script.commands;
    EXPECT_EQ(c[0].kind, Kind::Type);
    EXPECT_EQ(c[0].text, "XPO-GOLDEN-1") << "trailing blanks dropped";
    EXPECT_EQ(c[0].line, 2);
    EXPECT_EQ(c[0].timeout, 30s) << "the default";
    EXPECT_EQ(c[1].kind, Kind::WaitPrompt);
    EXPECT_EQ(c[1].line, 4);
    EXPECT_EQ(c[1].source, "wait prompt") << "as written, without the comment";
    EXPECT_EQ(c[2].kind, Kind::Click);
    EXPECT_EQ(c[2].text, "Yes");
    EXPECT_EQ(c[2].timeout, 30s) << "a timeout applies to the lines after it";
    EXPECT_EQ(c[3].text, "Abort unit") << "a name may have blanks";
    EXPECT_EQ(c[3].timeout, 2500ms);
    EXPECT_EQ(c[4].kind, Kind::Key);
    EXPECT_EQ(c[4].key, GLFW_KEY_F9);
    EXPECT_EQ(c[5].kind, Kind::WaitText);
    EXPECT_EQ(c[5].text, "operator answered \"no\" #1") << "escapes, and a '#' inside quotes is text";
    EXPECT_EQ(c[6].kind, Kind::Answer);
    EXPECT_EQ(c[6].text, "3.25");
    EXPECT_EQ(c[7].kind, Kind::WaitEnded);
    EXPECT_EQ(c[7].count, 2);
    EXPECT_EQ(c[8].kind, Kind::WaitIdle);
    EXPECT_EQ(c[9].kind, Kind::Screenshot);
    EXPECT_EQ(c[9].text, "out dir/end.png");
    EXPECT_EQ(script.where(c[3]), "s.txt:7: `click Abort unit`");
}

TEST(PanelScript, EachErrorIsAtItsLineAndColumnAndAllAreReported) {
    const std::vector<std::string> errors = errorsOf("tpye SN-1\n"           // 1: unknown command
                                                     "key F13\n"             // 2: unknown key
                                                     "  key\n"               // 3: missing key
                                                     "wait for prompt\n"     // 4: unknown wait
                                                     "wait ended zero\n"     // 5: not a count
                                                     "wait ended 0\n"        // 6: not a count
                                                     "wait text \"open\n"    // 7: unterminated
                                                     "wait text bare\n"      // 8: not quoted
                                                     "wait prompt now\n"     // 9: trailing word
                                                     "click\n"               // 10: no name
                                                     "timeout -1\n"          // 11: bad seconds
                                                     "screenshot   # none\n" // 12: no path
                                                     "key Esc Enter\n"       // 13: trailing word
                                                     "wait ended\n"          // 14: no count
                                                     "wait text \"\"\n");    // 15: empty text
    const std::vector<std::string> expected = {
        "s.txt:1:1: unknown command 'tpye': type, key, click, choose, fill, wait, answer, screenshot or timeout",
        "s.txt:2:5: unknown key 'F13': Enter, Esc, Tab, F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11, F12",
        "s.txt:3:6: 'key' needs a key: Enter, Esc, Tab, F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11, F12",
        "s.txt:4:6: cannot wait for 'for': prompt, idle, ended N or text \"…\"",
        "s.txt:5:12: 'zero' is not a number of units (1 or more)",
        "s.txt:6:12: '0' is not a number of units (1 or more)",
        "s.txt:7:11: unterminated text: no closing '\"'",
        "s.txt:8:11: expected a double-quoted text",
        "s.txt:9:13: 'wait prompt' takes nothing more here",
        "s.txt:10:6: 'click' needs a control's name (e.g. Abort)",
        "s.txt:11:9: '-1' is not a number of seconds (above 0, at most a day)",
        "s.txt:12:14: 'screenshot' needs a PNG file's path",
        "s.txt:13:9: 'key' takes nothing more here",
        "s.txt:14:11: 'wait ended' needs the number of units (e.g. wait ended 1)",
        "s.txt:15:6: 'wait text' needs a text that is not empty",
    };
    EXPECT_EQ(errors, expected);
}

TEST(PanelScript, ATileIsClickedByItsSocketsNumberAndChooseAndFillTakeTwoQuotedTexts) {
    std::vector<std::string> errors;
    const auto script = ui::parsePanelScript("click tile 3\n"
                                             "click  tile\t12  # the twelfth socket\n"
                                             "click tiles\n"
                                             "choose \"step\" \"main/Temperature corners/Coolant settled\"\n"
                                             "choose \"mode\" \"force_fail\"   # a radio button\n"
                                             "fill \"reason\" \"ECO-77: \\\"hold\\\" #2\"\n",
                                             "s.txt", errors);
    ASSERT_TRUE(errors.empty()) << errors.front();
    ASSERT_EQ(script.commands.size(), 6u);
    const auto& c = script.commands;
    EXPECT_EQ(c[0].kind, Kind::Click);
    EXPECT_EQ(c[0].text, "tile 3");
    EXPECT_EQ(c[1].text, "tile 12") << "the control's name, whatever the blanks";
    EXPECT_EQ(c[2].text, "tiles") << "another control's name, not a tile";
    EXPECT_EQ(c[3].kind, Kind::Choose);
    EXPECT_EQ(c[3].list, "step");
    EXPECT_EQ(c[3].text, "main/Temperature corners/Coolant settled");
    EXPECT_EQ(c[4].list, "mode");
    EXPECT_EQ(c[4].text, "force_fail");
    EXPECT_EQ(c[5].kind, Kind::Fill);
    EXPECT_EQ(c[5].list, "reason");
    EXPECT_EQ(c[5].text, "ECO-77: \"hold\" #2");
}

TEST(PanelScript, TileChooseAndFillErrorsAreAtTheirLineAndColumn) {
    const std::vector<std::string> errors = errorsOf("click tile\n"                 // 1: no number
                                                     "click tile x\n"               // 2: not a number
                                                     "click tile 0\n"               // 3: no socket 0
                                                     "click tile 2 now\n"           // 4: trailing word
                                                     "choose step \"x\"\n"          // 5: list not quoted
                                                     "choose \"step\"\n"            // 6: no item
                                                     "choose \"step\" \"x\" more\n" // 7: trailing word
                                                     "fill \"\" \"x\"\n"            // 8: empty field name
                                                     "fill \"reason\" \"open\n"     // 9: unterminated
                                                     "fill reason\n");              // 10: not quoted
    const std::string choose = "a double-quoted text: choose \"list\" \"item\" (e.g. choose \"mode\" \"skip\")";
    const std::string fill = "a double-quoted text: fill \"field\" \"text\" (e.g. fill \"reason\" \"ECO-77\")";
    const std::vector<std::string> expected = {
        "s.txt:1:11: 'click tile' needs a socket's number (e.g. click tile 2)",
        "s.txt:2:12: 'x' is not a socket's number (1 or more)",
        "s.txt:3:12: '0' is not a socket's number (1 or more)",
        "s.txt:4:14: 'click tile N' takes nothing more here",
        "s.txt:5:8: expected " + choose,
        "s.txt:6:14: expected " + choose,
        "s.txt:7:19: 'choose' takes nothing more here",
        "s.txt:8:6: 'fill' needs two texts that are not empty",
        "s.txt:9:15: unterminated text: no closing '\"'",
        "s.txt:10:6: expected " + fill,
    };
    EXPECT_EQ(errors, expected);
}

TEST(PanelScript, AScriptWithoutCommandsOrAnUnreadableFileIsAnError) {
    EXPECT_EQ(errorsOf("# only a comment\n\n"), std::vector<std::string>{"s.txt:1:1: the script has no commands"});
    EXPECT_EQ(errorsOf("timeout 5\n"), std::vector<std::string>{"s.txt:1:1: the script has no commands"});
    db::test::TempDir dir;
    std::vector<std::string> errors;
    ui::loadPanelScript((dir / "missing.txt").string(), errors);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find("missing.txt: cannot read it (No such file or directory)"), std::string::npos)
        << errors[0];
    std::ofstream(dir / "good.txt") << "type SN-1\r\nwait idle\r\n"; // Windows line ends
    errors.clear();
    const auto script = ui::loadPanelScript((dir / "good.txt").string(), errors);
    ASSERT_TRUE(errors.empty()) << errors.front();
    ASSERT_EQ(script.commands.size(), 2u);
    EXPECT_EQ(script.commands[0].text, "SN-1");
    EXPECT_EQ(script.commands[1].kind, Kind::WaitIdle);
}
