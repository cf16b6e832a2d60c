#include "instruments/ResourceString.h"

#include "instruments/InstrumentError.h"

#include <gtest/gtest.h>

using namespace optiqual::instruments;

TEST(ResourceString, ParsesRawSocket) {
    auto r = ResourceString::parse("TCPIP0::127.0.0.1::5025::SOCKET");
    EXPECT_EQ(r.kind, ResourceString::Kind::TcpSocket);
    EXPECT_EQ(r.host, "127.0.0.1");
    EXPECT_EQ(r.port, 5025);
    EXPECT_EQ(r.readTerminator, "\n");
    EXPECT_EQ(r.writeTerminator, "\n");
}

TEST(ResourceString, BoardNumberIsOptionalAndCaseIgnored) {
    auto r = ResourceString::parse("tcpip::localhost::10001::socket");
    EXPECT_EQ(r.host, "localhost");
    EXPECT_EQ(r.port, 10001);
}

TEST(ResourceString, ParsesSerialWithOptions) {
    auto r = ResourceString::parse("ASRL/dev/ttyUSB0::INSTR?baud=4800&data=7&parity=even&stop=1&flow=xonxoff&term=CR");
    EXPECT_EQ(r.kind, ResourceString::Kind::Serial);
    EXPECT_EQ(r.device, "/dev/ttyUSB0");
    EXPECT_EQ(r.serial.baud, 4800u);
    EXPECT_EQ(r.serial.dataBits, 7u);
    EXPECT_EQ(r.serial.parity, Parity::Even);
    EXPECT_EQ(r.serial.flow, FlowControl::Software);
    EXPECT_EQ(r.readTerminator, "\r");
    EXPECT_EQ(r.writeTerminator, "\r");
    EXPECT_TRUE(r.terminatorsGiven);
}

TEST(ResourceString, SeparateTerminators) {
    auto r = ResourceString::parse("TCPIP0::h::1::SOCKET?rterm=CRLF&wterm=LF");
    EXPECT_EQ(r.readTerminator, "\r\n");
    EXPECT_EQ(r.writeTerminator, "\n");
}

struct BadResource {
    const char* text;
    const char* messagePart;
};

class ResourceStringErrors : public ::testing::TestWithParam<BadResource> {};

TEST_P(ResourceStringErrors, NamesWhatIsWrong) {
    try {
        ResourceString::parse(GetParam().text);
        FAIL() << "accepted " << GetParam().text;
    } catch (const InstrumentError& e) {
        EXPECT_EQ(e.kind(), InstrumentErrorKind::Configuration);
        EXPECT_NE(std::string(e.what()).find(GetParam().messagePart), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(GetParam().text), std::string::npos) << e.what();
    }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ResourceStringErrors,
    ::testing::Values(
        BadResource{"", "empty"}, BadResource{"TCPIP0::host::5025", "TCPIP[board]::host::port::SOCKET"},
        BadResource{"TCPIP0::host::99999::SOCKET", "out of range"},
        BadResource{"TCPIP0::host::50x::SOCKET", "not a whole number"},
        BadResource{"TCPIP0::::5025::SOCKET", "host is empty"}, BadResource{"TCPIP0::host::5025::INSTR", "VXI-11"},
        BadResource{"GPIB0::12::INSTR", "unsupported interface"},
        BadResource{"ASRL/dev/ttyS0::INSTR?baud=fast", "not a whole number"},
        BadResource{"ASRL/dev/ttyS0::INSTR?parity=mark", "parity"},
        BadResource{"ASRL/dev/ttyS0::INSTR?data=9", "data bits"},
        BadResource{"ASRL/dev/ttyS0::INSTR?stop=3", "stop bits"},
        BadResource{"ASRL/dev/ttyS0::INSTR?flow=magic", "flow"},
        BadResource{"ASRL/dev/ttyS0::INSTR?speed=9600", "unknown option"},
        BadResource{"ASRL/dev/ttyS0::INSTR?baud", "key=value"}, BadResource{"TCPIP0::h::1::SOCKET?baud=9600", "serial"},
        BadResource{"TCPIP0::h::1::SOCKET?term=XX", "terminator"}, BadResource{"ASRL::INSTR", "device is empty"},
        // Issue 7 defect 3: std::stoi threw std::out_of_range here and aborted every command.
        BadResource{"ASRL99999999999::INSTR", "serial port number '99999999999' is too large"},
        BadResource{"ASRL0::INSTR", "serial port number 0 out of range 1..256"},
        BadResource{"TCPIP0::host::99999999999999999999::SOCKET", "is too large"}));

TEST(ResourceString, NumberedSerialPortsCountFromOne) {
    EXPECT_EQ(ResourceString::parse("ASRL1::INSTR").device, "/dev/ttyS0");
    EXPECT_EQ(ResourceString::parse("ASRL4::INSTR").device, "/dev/ttyS3");
}
