#pragma once
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::ui {

/// @brief One line of a panel script (`optiqual panel --script FILE`, docs/panel.md "Scripted input").
struct ScriptCommand {
    enum class Kind {
        Type,       ///< text into the scan field, then Enter
        Key,        ///< a key pressed and released (key: its GLFW code)
        Click,      ///< the left button at a named control's centre (text: the name; `click tile N`: "tile N")
        Choose,     ///< an item of a list or a group of choices: click control "<list> <item>" (list, text: the item),
                    ///< the list scrolled with the wheel first when it has a "list <list>" rect and the item is out
        Fill,       ///< click control @c list (a text field), then @c text typed into it (no Enter)
        WaitPrompt, ///< until a prompt dialog shows
        WaitIdle,   ///< until no unit starts or runs, no prompt shows and every ended unit's results are stored
        WaitEnded,  ///< until @c count units ended in this session and their results are stored
        WaitText,   ///< until @c text is in a running unit's step path, a prompt's message, the log or the scan message
        Answer,     ///< text into the open prompt's input field, then Enter
        Screenshot, ///< the frame as a PNG at @c text
    };
    Kind kind = Kind::Type;
    std::string text;
    std::string list; ///< Choose: the list's name ("step"); Fill: the field's name ("reason")
    int key = 0;
    int count = 0;
    /// @brief How long a wait (or a click's control to show, or an answer's prompt) may take, real time.
    std::chrono::milliseconds timeout{30'000};
    int line = 0;
    std::string source; ///< the line as written, for messages
};

struct PanelScript {
    std::string file;
    std::vector<ScriptCommand> commands;
    /// @brief "file:line: `source`": where a command is, for a run-time failure.
    std::string where(const ScriptCommand& command) const;
};

/// @brief Parses a script's @p text (named @p file in messages). Every error is appended to @p errors as
/// "file:line:column: message"; the script is usable only when none was.
PanelScript parsePanelScript(std::string_view text, const std::string& file, std::vector<std::string>& errors);

/// @brief Reads and parses @p file (an unreadable file is an error at "file").
PanelScript loadPanelScript(const std::string& file, std::vector<std::string>& errors);

/// @brief The key names a `key` line takes (Enter, Esc, Tab, F1…F12).
std::string scriptKeyNames();

} // namespace optiqual::ui
