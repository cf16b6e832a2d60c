# Power supplies: Keysight E36300 and N5700, Rigol DP800 drivers and their simulators. Paths relative to instruments/.
list(APPEND OPTIQUAL_DRIVER_SOURCES
    drivers/PsuCommandText.cpp
    drivers/KeysightE36300PowerSupply.cpp
    drivers/RigolDp800PowerSupply.cpp
    drivers/KeysightN5700PowerSupply.cpp
)
list(APPEND OPTIQUAL_SIM_DEVICE_SOURCES
    sim/ResistivePsuLoad.cpp
    sim/PsuOutput.cpp
    sim/PsuSimulator.cpp
    sim/KeysightE36300Simulator.cpp
    sim/RigolDp800Simulator.cpp
    sim/KeysightN5700Simulator.cpp
)
