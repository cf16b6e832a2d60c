// The panel's commands on a real engine, from another thread as the UI thread sends them: a scan starts the socket
// it names, a prompt answered from the panel lets the unit carry on, Abort ends only that socket's unit (cleanup
// runs) and the socket takes the next scan.
#include "ui/EngineControl.h"

#include "core/RunSync.h"
#include "station/Engine.h"
#include "station/UnitQueue.h"
#include "tests/support/FakeInstruments.h"

#include <algorithm>
#include <array>
#include <future>
#include <gtest/gtest.h>
#include <thread>

using namespace optiqual;
using namespace optiqual::station;
using namespace optiqual::sequences;
using namespace optiqual::testing;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

Expression ex(std::string text) {
    return Expression{std::move(text), {"panel.yaml", 1, 1}};
}

/// The first event of each kind the test waits for, handed over from the bus worker.
class Milestones : public EventSink {
public:
    void onEvent(const Event& e) override {
        if (auto* p = std::get_if<PromptRequested>(&e); p && !m_prompted) {
            m_prompted = true;
            prompt.set_value(*p);
        }
        if (auto* s = std::get_if<StepStarted>(&e); s && s->name == "Soak" && !m_soaking) {
            m_soaking = true;
            soaking.set_value(*s);
        }
        if (auto* r = std::get_if<RunFinished>(&e)) {
            finished[std::min<std::size_t>(m_finished, finished.size() - 1)].set_value(*r);
            ++m_finished;
        }
    }
    std::promise<PromptRequested> prompt;
    std::promise<StepStarted> soaking;
    std::array<std::promise<RunFinished>, 2> finished;

private:
    bool m_prompted = false;
    bool m_soaking = false;
    std::size_t m_finished = 0;
};

template <typename T> T await(std::promise<T>& promise) {
    auto future = promise.get_future();
    if (future.wait_for(30s) != std::future_status::ready)
        throw std::runtime_error("the engine did not get there within 30 s");
    return future.get();
}

struct PanelOnEngine : ::testing::Test {
    asio::io_context io;
    EventBus bus;
    std::shared_ptr<Milestones> milestones = std::make_shared<Milestones>();
    FakePsu psu{io.get_executor(), "psu"};
    Engine engine{io.get_executor(), bus, std::make_shared<core::Clock>(1000.0), {{"psu", 0, &psu}}};
    std::shared_ptr<Sequence> sequence = std::make_shared<Sequence>();
    UnitQueue queue{io.get_executor(), 2};
    ui::EngineControl control{io.get_executor(), engine, queue, "PN1", "LOT1"};
    std::vector<SocketResult> results;
    std::thread ioThread;

    void SetUp() override {
        bus.subscribe(milestones, "milestones");
        sequence->name = "panel";
        sequence->roles = {{"psu", "PowerSupply", {}}};
        Step off;
        off.name = "Output off";
        off.type = StepType::Action;
        InstrumentCall call;
        call.role = "psu";
        call.method = "setOutput";
        for (auto [name, value] : {std::pair{"channel", "1"}, std::pair{"on", "false"}}) {
            Argument a;
            a.name = name;
            a.value = ex(value);
            call.args.push_back(a);
        }
        off.call = call;
        sequence->cleanup = {off};
    }
    void TearDown() override {
        queue.close();
        if (ioThread.joinable())
            ioThread.join();
    }
    /// The engine on its own thread, taking units from the queue as the panel's station does.
    void start() {
        RunOptions o;
        o.sequence = sequence;
        o.sockets = 2;
        o.unitSource = [this](int socket) -> asio::awaitable<std::optional<UnitUnderTest>> {
            co_return co_await queue.next(socket);
        };
        ioThread = std::thread([this, o] { results = core::runSync(io, engine.run(o)); });
    }
};

} // namespace

TEST_F(PanelOnEngine, AScanStartsItsSocketAndAPromptAnsweredFromThePanelCarriesOn) {
    Step ask;
    ask.name = "Fibre loss";
    ask.type = StepType::Prompt;
    ask.prompt = PromptSpec{PromptKind::Number, "Fibre loss (dB)?", 0.0, 3.0, "", "loss", {}};
    Step check;
    check.name = "Loss in range";
    check.type = StepType::Compute;
    MeasurementSpec m;
    m.name = "loss_db";
    m.expr = ex("loss");
    m.inlineLimit = Limit{Comparator::GELE, 1.0, 2.0, std::nullopt, "dB"};
    check.measurements.push_back(m);
    sequence->main = {ask, check};
    start();

    control.start(2, "SN-SCANNED"); // from this thread, as the UI thread sends it
    const PromptRequested asked = await(milestones->prompt);
    EXPECT_EQ(asked.socket, 2);
    EXPECT_EQ(asked.max, 3.0) << "the panel gets what it validates an answer against";
    control.answer(asked.promptId, "1.5");
    const RunFinished done = await(milestones->finished[0]);
    EXPECT_EQ(done.unitSerial, "SN-SCANNED");
    EXPECT_EQ(done.verdict, Verdict::Pass) << done.reason;
    queue.close();
    ioThread.join();
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].socket, 2);
}

TEST_F(PanelOnEngine, AbortEndsThatSocketsUnitWithCleanupAndTheSocketTakesTheNextScan) {
    Step soak;
    soak.name = "Soak";
    soak.type = StepType::Wait;
    soak.duration = 30min; // 1.8 s at 1000×: the abort must cut it short
    sequence->main = {soak};
    start();

    const auto t0 = std::chrono::steady_clock::now();
    control.start(1, "SN-1");
    await(milestones->soaking);
    control.abort(1);
    const RunFinished aborted = await(milestones->finished[0]);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 1500ms) << "the soak was cancelled, not waited out";
    EXPECT_EQ(aborted.verdict, Verdict::Aborted);
    EXPECT_NE(aborted.reason.find("operator pressed Abort"), std::string::npos) << aborted.reason;
    control.start(1, "SN-2"); // soaks the whole 30 min: nothing carried over from SN-1's abort

    const RunFinished next = await(milestones->finished[1]);
    EXPECT_EQ(next.unitSerial, "SN-2");
    EXPECT_EQ(next.verdict, Verdict::Done) << next.reason;
    queue.close();
    ioThread.join();
    // Cleanup after each unit, and the safe state once at the run's end: the supply serves both sockets, so one
    // socket's abort does not switch it off under the other.
    EXPECT_EQ(std::count(psu.log.begin(), psu.log.end(), "setOutput 1 off"), 3);
    EXPECT_EQ(psu.safeStates, 1);
}
