// The simulated ELSFP's CMIS pages (docs/cpo-board.md, appendix A): identity on page 00h, laser control, thresholds
// and fault codes on page 1Ah, per-laser setpoints and monitors on page 1Bh, all computed from the stand's state.
#include "core/Units.h"
#include "instruments/sim/world/CpoStand.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace optiqual::instruments::sim {

namespace {

constexpr int kUpperBase = 128;
constexpr double kBiasLsbAmps = 100e-6;       // page 1Bh bias fields [S domain §2]
constexpr double kPowerLsbWatts = 10e-6;      // page 1Bh power fields [S domain §2]
constexpr double kVoltageLsbVolts = 15e-3;    // page 1Bh per-lane voltage [S domain §2]
constexpr double kIccLsbAmps = 200e-6;        // page 1Bh Icc [S domain §2]
constexpr double kBiasHighAlarmAmps = 0.49;   // [A] 98 % of the APC ceiling
constexpr double kBiasHighWarningAmps = 0.45; // [A] end-of-life criterion: 90 % of the APC ceiling
constexpr double kPowerLowAlarmDbm = 18.5;    // class power − 1.5 dB [S domain §7]
constexpr double kPowerHighAlarmDbm = 21.5;   // class power + 1.5 dB [S domain §7]

/// Index into a 128-byte upper page of the CMIS byte at @p offset (128–255).
std::size_t byteAt(int offset) {
    return static_cast<std::size_t>(offset) - static_cast<std::size_t>(kUpperBase);
}

void putU16(std::array<std::uint8_t, 128>& page, int offset, double value) {
    const auto raw = static_cast<std::uint16_t>(std::clamp(std::lround(value), 0L, 65535L));
    page[byteAt(offset)] = static_cast<std::uint8_t>(raw >> 8);
    page[byteAt(offset + 1)] = static_cast<std::uint8_t>(raw & 0xFF);
}

void putText(std::array<std::uint8_t, 128>& page, int offset, int length, const std::string& text) {
    for (int i = 0; i < length; ++i)
        page[byteAt(offset + i)] =
            static_cast<std::uint8_t>(i < static_cast<int>(text.size()) ? text[static_cast<std::size_t>(i)] : ' ');
}

} // namespace

std::optional<std::array<std::uint8_t, 128>> CpoStand::elsfpPage(int page) const {
    if (!m_engine || !elsfpPowered())
        return std::nullopt;
    std::array<std::uint8_t, 128> bytes{};
    switch (page) {
    case kElsfpPageAdvertising:
        putText(bytes, 129, 16, "OPTIQUAL SIM");
        putText(bytes, 148, 16, "ELSFP-8VHP-1311");
        putText(bytes, 166, 16, "ELS-" + m_engine->serial());
        return bytes;
    case kElsfpPageLaserControl: {
        putU16(bytes, 128, kBiasHighAlarmAmps / kBiasLsbAmps);
        putU16(bytes, 130, kBiasHighWarningAmps / kBiasLsbAmps);
        putU16(bytes, 132, core::dbmToWatts(kPowerLowAlarmDbm) / kPowerLsbWatts);
        putU16(bytes, 134, core::dbmToWatts(kPowerHighAlarmDbm) / kPowerLsbWatts);
        bytes[byteAt(140)] = 0x80 | CpoEngine::kLasers; // bit 7 APC, bits 3–0 lane count
        std::uint8_t state[2] = {0, 0};
        for (int k = 0; k < CpoEngine::kLasers; ++k) {
            const double bias = laserBiasAmps(k);
            const double watts = laserFibreWatts(k);
            const bool checked = ((m_fibreChecked >> k) & 1U) != 0;
            std::uint8_t fault = 0;
            if (watts > 0.0 && checked && core::wattsToDbm(watts) < kPowerLowAlarmDbm)
                fault = 3;
            else if (bias >= kBiasHighAlarmAmps)
                fault = 2;
            else if (bias >= kBiasHighWarningAmps)
                fault = 1;
            bytes[byteAt(212 + k)] = fault;
            // 221–222: two bits per laser, 0 off, 1 at fibre-check power, 2 on
            const int code = watts <= 0.0 ? 0 : (checked ? 2 : 1);
            state[k / 4] = static_cast<std::uint8_t>(state[k / 4] | (code << (2 * (k % 4))));
        }
        bytes[byteAt(220)] = m_laserEnables;
        bytes[byteAt(221)] = state[0];
        bytes[byteAt(222)] = state[1];
        bytes[byteAt(223)] = m_fibreChecked;
        bytes[byteAt(248)] =
            static_cast<std::uint8_t>(std::lround(core::dbmToWatts(m_engine->params().fibreCheckDbm) * 1e3));
        return bytes;
    }
    case kElsfpPageLaserMonitors: {
        for (int k = 0; k < CpoEngine::kLasers; ++k) {
            const double target = laserTargetWatts(k);
            const double bias = laserBiasAmps(k);
            putU16(bytes, 128 + 2 * k, bias / kBiasLsbAmps);
            putU16(bytes, 144 + 2 * k, target / kPowerLsbWatts);
            putU16(bytes, 184 + 2 * k, m_engine->biasMonitorAmps(k, bias) / kBiasLsbAmps);
            putU16(bytes, 200 + 2 * k, m_engine->powerMonitorWatts(k, laserFibreWatts(k)) / kPowerLsbWatts);
            const double forward = bias > 0.0 ? m_engine->params().laserVoltage : 0.0;
            bytes[byteAt(232 + k)] = static_cast<std::uint8_t>(std::lround(forward / kVoltageLsbVolts));
        }
        putU16(bytes, 240, laserCurrent(m_laserVolts) / kIccLsbAmps);
        return bytes;
    }
    default:
        return std::nullopt;
    }
}

bool CpoStand::writeElsfp(int page, int offset, std::uint8_t value) {
    if (!m_engine || !elsfpPowered() || page != kElsfpPageLaserControl)
        return false;
    if (offset == 220) {
        m_laserEnables = value;
        m_fibreChecked &= value; // a laser switched off must be checked again before full power
        return true;
    }
    if (offset == 223) {
        m_fibreChecked = static_cast<std::uint8_t>(value & m_laserEnables);
        return true;
    }
    return false;
}

} // namespace optiqual::instruments::sim
