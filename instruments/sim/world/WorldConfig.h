#pragma once
#include "instruments/sim/world/CmisModuleParams.h"
#include "instruments/sim/world/ColdPlateParams.h"
#include "instruments/sim/world/CpoEngineParams.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief A module socket on a host board: the board (fixture) instrument that holds the unit, and the supply
/// output feeding the board's module power input.
struct SocketWiring {
    std::string fixture;      ///< instrument name of the host board, e.g. "fixture1"
    std::string supply;       ///< supply instrument feeding the socket ("" = none: the board's input floats)
    int supplyChannel = 1;    ///< output of that supply
    double cableOhms = 0.005; ///< supply terminals → module input (both leads), no remote sense [A]
};

/// @brief A plain resistor on a supply output (a host board's auxiliary rails, a heater).
struct ResistiveLoadWiring {
    std::string supply;
    int supplyChannel = 1;
    double ohms = 10.0;
};

/// @brief How a part's case couples to the coolant (through its cold plate) and to the chamber air.
///
/// R_plate(Q) = baseKelvinPerWatt + convectionKelvinPerWatt · (Q / referenceFlow)^−flowExponent, the Dittus–Boelter
/// scaling of the convective term (domain §4: R_conv ∝ flow^−0.8); with no flow the plate conducts nothing and
/// only the weak air coupling is left.
struct ColdPlateCoupling {
    double baseKelvinPerWatt = 0.008;       ///< TIM + base [A]
    double convectionKelvinPerWatt = 0.012; ///< convective term at referenceFlow [A]
    double referenceFlowLitresPerMinute = 1.0;
    double flowExponent = 0.8;                 ///< [D] turbulent flow
    double airKelvinPerWatt = 2.0;             ///< case to chamber air, natural convection over the module [A]
    double heatCapacityJoulePerKelvin = 200.0; ///< module + integrated cold plate, ~400 g of Cu/Al [A]
};

/// @brief The coolant loop: the chiller's bath feeds every socket's cold plate in parallel through a manifold.
struct CoolantWiring {
    std::string chiller;                          ///< chiller instrument ("" = no loop: plates see no flow)
    double flowLitresPerMinute = 1.0;             ///< loop flow with the pump running [A]
    double densityKgPerCubicMetre = 1021.5;       ///< PG25 at 25 °C [S] domain §4
    double heatCapacityJoulePerKgKelvin = 3920.0; ///< PG25 at 25 °C [S] domain §4
    double pressureDropKpaAtFlow = 35.0;          ///< loop ΔP at flowLitresPerMinute (manifold + plates) [A]
    double pressureDropExponent = 1.8;            ///< ΔP = k·Q^n, turbulent [D] domain §4
};

/// @brief A reference transmitter: a continuous PRBS source (a golden module lane or a BERT's optical head).
struct ReferenceSourceWiring {
    std::string name;
    double powerDbm = 0.0;
    double extinctionRatioDb = 4.5;
    std::uint8_t pattern = 0; ///< CMIS pattern id the light carries (0 = PRBS31Q)
};

/// @brief A fibre (or a splitter branch) from one optical port to another, with its insertion loss. A splitter is
/// several links from the same port, each with its share of the light as loss.
struct OpticalLinkWiring {
    std::string from;
    std::string to;
    double lossDb = 0.0;
};

/// @brief What a transducer wired to a DAQ channel turns its quantity into.
enum class SensorKind {
    Thermocouple, ///< read as a temperature
    Current4To20, ///< live zero 4 mA at rangeLow, 20 mA at rangeHigh
    Voltage1To5,  ///< live zero 1 V at rangeLow, 5 V at rangeHigh
    Voltage0To10, ///< 0 V at rangeLow, 10 V at rangeHigh
};

/// @brief One DAQ channel wired to a quantity of the world.
struct DaqChannelWiring {
    std::string daq;    ///< DAQ instrument name
    int channel = 0;    ///< the instrument's own numbering, e.g. 101
    std::string signal; ///< world quantity: "chamber.air", "coolant.supply", "coolant.return", "coolant.flow",
                        ///< "coolant.pressure_drop", "<fixture>.case"
    SensorKind sensor = SensorKind::Thermocouple;
    double rangeLow = 0.0;  ///< the quantity at the live zero (transmitters)
    double rangeHigh = 1.0; ///< the quantity at full scale (transmitters)
};

/// @brief One socket of a cold-plate stand: where the plate under test sits on the station's thermal test vehicle
/// (TTV), with its heater supply, its valve block on a DAQ digital port and its coolant flow controller on a DAQ
/// analog output. Signals `<name>.inlet`, `.outlet`, `.ttv`, `.flow`, `.pressure_drop`, `.test_pressure`, `.leak_dp`.
struct ColdPlateStandWiring {
    int socket = 1;           ///< the station socket (role `@N`) the stand serves
    std::string name;         ///< prefix of its signals, e.g. "stand1"
    std::string heaterSupply; ///< supply instrument driving the TTV heater
    int heaterChannel = 1;
    double heaterOhms = 2.0;    ///< TTV heater at 25 °C: 1 kW at 44.7 V, 22.4 A [A]
    std::string valveDaq;       ///< DAQ whose digital port drives the valves
    int valvePort = 301;        ///< bit 0 fill, bit 1 equalise (reference), bit 2 vent, bit 3 coolant in/out
    std::string flowDaq;        ///< DAQ whose analog output commands the flow controller
    int flowChannel = 304;      ///< 34907A / DAQM907A DAC channel s04 or s05
    double flowFullScale = 4.0; ///< L/min at 10 V command
};

/// @brief What every stand of a cold-plate station shares: the leak tester's air circuit and the TTV's build.
struct ColdPlateRigWiring {
    double supplyKpa = 500.0;          ///< regulated test air, gauge [A]: 1.67× a 3 bar MWP
    double fillLitresPerSecond = 0.05; ///< fill-line conductance (volumetric, per unit overpressure)
    double ventLitresPerSecond = 0.5;
    double manifoldLitres = 0.05; ///< test manifold and hoses between the valves and the plate
    double atmosphereKpa = 101.325;
    double fillHeatingK = 25.0;          ///< gas heating per unit ln(P) rise while filling (partly adiabatic)
    double gasTimeConstantSeconds = 4.0; ///< trapped air back to the wall temperature
    double ttvHeatCapacity = 600.0;      ///< J/K: TTV copper block + plate base [A]
    double ttvAirKelvinPerWatt = 4.0;    ///< TTV + plate to room air
    double heaterTempco = 1e-4;          ///< heater resistance per K (thick film)
    double tripC = 100.0;                ///< TTV over-temperature cut-out: opens the heater circuit
    double tripResetC = 80.0;            ///< re-arms once the heater is off and the TTV has cooled below this
};

/// @brief One position of a CPO host board: the engine's core rail and the ELSFP's 3.3 V rail on their supplies, the
/// ELSFP's laser-safety interlock loop, and the optics between the ELSFP and the engine. Optical ports:
/// `<board>.els1` … `.els8` (the ELSFP's fibres, sources), `<board>.tx1` … `.tx32` (the engine's transmitters,
/// sources) and `<board>.rx1` … `.rx32` (its receivers).
struct CpoStandWiring {
    int socket = 1;         ///< the station socket (role `@N`) the position serves
    std::string board;      ///< the CPO host board instrument, e.g. "board"
    std::string coreSupply; ///< supply feeding the engine's core rail
    int coreChannel = 1;
    std::string laserSupply; ///< supply feeding the ELSFP's Vcc
    int laserChannel = 1;
    double coreCableOhms = 0.0005;    ///< supply terminals → engine, both leads (0.5 mΩ: 18 mV at 36 A) [A]
    double laserToEngineLossDb = 0.3; ///< ELSFP fibre → engine laser input: a tap's through arm + connector
    bool interlockClosed = true;      ///< the ELSFP's interlock loop as wired (open: the lasers never emit)
};

/// @brief The physical station behind the simulators (station file `wiring:` and `simulation:`, documented in
/// docs/station-config.md). Instruments are named as in the station file.
struct WorldConfig {
    std::vector<SocketWiring> sockets;
    std::vector<ResistiveLoadWiring> loads;
    std::string chamber; ///< chamber instrument whose air surrounds the sockets ("" = room air at ambient)
    double ambientC = 25.0;
    CoolantWiring coolant;
    ColdPlateCoupling coldPlate;
    std::vector<ReferenceSourceWiring> sources;
    std::vector<OpticalLinkWiring> links;
    /// @brief σ of each fibre link's deviation from its nominal loss, drawn once per station seed: connector
    /// repeatability, which the station's calibration table does not capture [A].
    double linkLossSigmaDb = 0.05;
    std::vector<DaqChannelWiring> daq;
    std::vector<ColdPlateStandWiring> plateStands;
    ColdPlateRigWiring plateRig;
    /// @brief Defect probabilities of the simulated units by name ("weak-lane": 0.02), overriding the module
    /// model's defaults.
    std::map<std::string, double> defectRates;
    /// @brief Units whose defects are given instead of drawn, by serial: a known-bad unit to develop a sequence
    /// against ("weak-lane@12", or without @lane to draw the lane from the serial). An empty list is a good unit.
    std::map<std::string, std::vector<Defect>> plantedDefects;
    /// @brief Cold-plate defect probabilities by name ("small-leak": 0.03), overriding ColdPlateParams' defaults.
    std::map<std::string, double> plateDefectRates;
    /// @brief Cold plates whose defects are given, by serial (empty: a golden plate).
    std::map<std::string, std::vector<ColdPlateDefect>> plantedPlateDefects;
    std::vector<CpoStandWiring> cpoStands;
    /// @brief CPO engine defect probabilities by name ("weak-laser": 0.02), overriding CpoEngineParams' defaults.
    std::map<std::string, double> cpoDefectRates;
    /// @brief CPO engines whose defects are given, by serial (empty: a golden engine).
    std::map<std::string, std::vector<CpoDefect>> plantedCpoDefects;
};

} // namespace optiqual::instruments::sim
