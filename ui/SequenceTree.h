#pragma once
#include "sequences/Sequence.h"

#include <memory>
#include <string>
#include <vector>

namespace optiqual::ui {

/// @brief One line of the sequence tree: a group (setup, main, cleanup), a step, or one of a step's measurements with
/// the limit it is judged against for the chosen part number.
struct SequenceLine {
    int depth = 0;
    enum class Kind { Group, Step, Measurement } kind = Kind::Step;
    std::string name;
    std::string detail;        ///< a step's type, loop or call; a measurement's lanes and unit
    std::string limit;         ///< a measurement's limit as `describe()` writes it, "log only", or why it has none
    bool limitMissing = false; ///< no limit for this part number: the measurement is only logged
    bool inlineLimit = false;  ///< the step's own limit (the same for every part number)
    std::string runMode;       ///< "skip", "force_pass"… when not normal
};

/// @brief The lines of @p sequence, in order: each group, its steps, a loop's or a called sub-sequence's steps under
/// it (one level deeper), each measuring step's measurements with the limit of @p partNumber's limit set — the limit
/// the engine judges with (SocketRunner: the inline limit, else the set's entry named by `limit:` or the
/// measurement's name, else logged only).
std::vector<SequenceLine> sequenceLines(const sequences::Sequence& sequence, const std::string& partNumber);

/// @brief The engineer view's sequence tree (F7): the loaded sequence with the limits of a part number chosen among
/// the sequence's (the panel's part number first), drawn in a list clipper.
class SequenceTreeView {
public:
    SequenceTreeView(std::shared_ptr<const sequences::Sequence> sequence, std::string partNumber);
    void draw();
    const std::string& partNumber() const { return m_partNumber; }

private:
    std::shared_ptr<const sequences::Sequence> m_sequence;
    std::string m_partNumber;
    std::string m_linesOf = "\x01"; ///< the part number m_lines were made for (none yet)
    std::vector<SequenceLine> m_lines;
};

} // namespace optiqual::ui
