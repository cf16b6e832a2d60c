#include "station/LiveTerminal.h"

#include "station/ProgressRenderer.h"
#include "station/TerminalText.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <sys/ioctl.h>
#include <unistd.h>
#include <utility>

namespace optiqual::station {

namespace {

std::atomic<bool> g_resized{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

extern "C" void onWindowChange(int) {
    g_resized.store(true);
}

struct TerminalSize {
    int columns = 80;
    int rows = 24;
};

TerminalSize sizeOf(int fd) {
    winsize ws{};
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0)
        return {ws.ws_col, ws.ws_row};
    return {};
}

constexpr const char* kHideCursor = "\033[?25l";
constexpr const char* kShowCursor = "\033[?25h";
const std::string kLogGap = "(earlier log lines are in the log file)";

} // namespace

LiveTerminal::LiveTerminal(std::shared_ptr<const SnapshotPublisher> source, Options options)
    : m_source(std::move(source)), m_options(std::move(options)) {}

LiveTerminal::~LiveTerminal() {
    stop();
}

void LiveTerminal::start() {
    std::lock_guard lock(m_mutex);
    if (m_running)
        return;
    m_running = true;
    m_stopping = false;
    struct sigaction action {};
    action.sa_handler = onWindowChange;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGWINCH, &action, nullptr);
    write(kHideCursor);
    m_thread = std::thread([this] { loop(); });
}

void LiveTerminal::stop() {
    {
        std::lock_guard lock(m_mutex);
        if (!m_running)
            return;
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    signal(SIGWINCH, SIG_DFL);
    std::lock_guard lock(m_mutex);
    m_running = false;
}

void LiveTerminal::print(std::string line) {
    {
        std::lock_guard lock(m_mutex);
        m_pending.push_back(std::move(line));
    }
    m_wake.notify_all();
}

void LiveTerminal::loop() {
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        lock.unlock();
        draw(false);
        lock.lock();
        // A print() or stop() wakes the loop early; the snapshot itself is sampled at the frame rate.
        m_wake.wait_for(lock, m_options.interval, [&] { return m_stopping || !m_pending.empty(); });
    }
    lock.unlock();
    // The last units' verdicts wait for their results to be durable, but not forever: a database that stopped
    // committing has its own error to show.
    const auto giveUp = std::chrono::steady_clock::now() + m_options.durableWait;
    while (!draw(true) && std::chrono::steady_clock::now() < giveUp) {
        std::unique_lock wait(m_mutex);
        m_wake.wait_for(wait, std::chrono::milliseconds(10)); // the gate is a question, not an event: ask again
    }
    write(kShowCursor);
}

std::set<std::uint64_t> LiveTerminal::unconfirmed(const StationSnapshot& snapshot) const {
    std::set<std::uint64_t> runs;
    if (!m_options.durable)
        return runs;
    for (const auto& unit : snapshot.finished)
        if (unit.seq > m_finishedSeq && m_options.durable(unit.runId) == Durability::Pending)
            runs.insert(unit.runId);
    for (const auto& s : snapshot.sockets)
        if (!s.active && s.runId != 0 && !runs.count(s.runId) && m_options.durable(s.runId) == Durability::Pending)
            runs.insert(s.runId);
    return runs;
}

bool LiveTerminal::draw(bool last) {
    const auto snapshot = m_source->current();
    const std::set<std::uint64_t> waiting = unconfirmed(*snapshot);
    bool allShown = true;
    const TerminalSize size = sizeOf(m_options.fd);
    const bool resized = g_resized.exchange(false) || size.columns != m_columns;
    int previousRows = resized && m_columns > 0 ? rowsOf(m_block, size.columns) : int(m_block.size());
    previousRows = std::min(previousRows, size.rows - 1);
    m_columns = size.columns;

    std::vector<std::string> above;
    {
        std::lock_guard lock(m_mutex);
        for (auto& line : m_pending)
            above.push_back(std::move(line));
        m_pending.clear();
    }
    bool prompting = false;
    for (const auto& s : snapshot->sockets)
        prompting = prompting || s.prompt.has_value();
    // New prompts are printed for good; finished units and log lines wait while one is open, so that nothing
    // runs through what the operator types.
    if (snapshot->promptSeq > m_promptSeq) {
        for (const auto& s : snapshot->sockets)
            if (s.prompt && s.prompt->id > m_promptSeq)
                above.push_back(ProgressRenderer::promptLine(s.socket, *s.prompt, m_options.color));
        m_promptSeq = snapshot->promptSeq;
    }
    if (!prompting || last) {
        // More lines than the snapshot keeps came since the last frame: say where the rest is.
        if (!snapshot->log.empty() && snapshot->log.front().seq > m_logSeq + 1)
            above.push_back(kLogGap);
        for (const auto& entry : snapshot->log)
            if (entry.seq > m_logSeq && entry.level >= m_options.logLevel)
                above.push_back(ProgressRenderer::logLine(entry, m_options.color));
        m_logSeq = snapshot->logSeq;
        for (const auto& unit : snapshot->finished) {
            if (unit.seq <= m_finishedSeq)
                continue;
            if (waiting.count(unit.runId)) {
                allShown = false;
                break; // this one and those after it wait for the durability gate, in finishing order
            }
            for (auto& line : ProgressRenderer::finishedLines(unit, m_options.color))
                above.push_back(std::move(line));
            if (m_options.durable && m_options.durable(unit.runId) == Durability::Lost)
                above.push_back("  results NOT stored: the database failed; test this unit again");
            m_finishedSeq = unit.seq;
        }
    }

    std::vector<std::string> block;
    if (!last && !prompting) {
        ProgressRenderer::Options o;
        o.width = size.columns;
        o.height = size.rows;
        o.color = m_options.color;
        o.now = std::chrono::system_clock::now();
        o.unconfirmed = waiting;
        block = ProgressRenderer::block(*snapshot, o);
    }
    if (block == m_block && above.empty() && !resized)
        return allShown;
    if (prompting && m_block.empty() && above.empty())
        return allShown; // the operator is typing below the prompt: leave the screen alone
    write(frame(previousRows, above, block));
    m_block = std::move(block);
    return allShown;
}

void LiveTerminal::write(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(m_options.fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; // the terminal went away: nothing left to show it on
        done += std::size_t(n);
    }
}

std::string LiveTerminal::frame(int previousRows, const std::vector<std::string>& above,
                                const std::vector<std::string>& block) {
    std::string out;
    if (previousRows > 0)
        out += "\r\033[" + std::to_string(previousRows) + "A";
    out += "\r\033[J";
    for (const auto& line : above) {
        out += line;
        out += "\033[0m\n";
    }
    for (const auto& line : block) {
        out += line;
        out += '\n';
    }
    return out;
}

int LiveTerminal::rowsOf(const std::vector<std::string>& block, int columns) {
    int rows = 0;
    for (const auto& line : block) {
        const int width = displayWidth(line);
        rows += width > columns && columns > 0 ? (width + columns - 1) / columns : 1;
    }
    return rows;
}

} // namespace optiqual::station
