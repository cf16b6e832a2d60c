# Thermal family: Watlow F4T and Espec P-300 chambers, Julabo chillers, Keysight DAQ970A/3497xA, and their
# simulators. Paths relative to instruments/.
list(APPEND OPTIQUAL_DRIVER_SOURCES
    drivers/WatlowF4tThermalChamber.cpp
    drivers/EspecP300ThermalChamber.cpp
    drivers/JulaboChiller.cpp
    drivers/KeysightDaq970DataAcquisition.cpp
)
list(APPEND OPTIQUAL_SIM_DEVICE_SOURCES
    sim/FirstOrderThermalPlant.cpp
    sim/ConstantHeatLoad.cpp
    sim/ConstantDaqSignals.cpp
    sim/WatlowF4tSimulator.cpp
    sim/EspecP300Simulator.cpp
    sim/JulaboSimulator.cpp
    sim/KeysightDaqSimulator.cpp
    sim/ThermalSimulators.cpp
)
