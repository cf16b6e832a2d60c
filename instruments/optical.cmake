# Optical instruments: power meters, attenuators, switches (drivers and simulators). Paths relative to instruments/.
list(APPEND OPTIQUAL_DRIVER_SOURCES
    drivers/OpticalFormat.cpp
    drivers/KeysightN77xxPowerMeter.cpp
    drivers/ThorlabsPm100dPowerMeter.cpp
    drivers/KeysightN776xAttenuator.cpp
    drivers/KeysightN773xSwitch.cpp
)
list(APPEND OPTIQUAL_SIM_DEVICE_SOURCES
    sim/ConstantOpticalSource.cpp
    sim/KeysightPowerMeterSimulator.cpp
    sim/ThorlabsPm100dSimulator.cpp
    sim/KeysightAttenuatorSimulator.cpp
    sim/KeysightSwitchSimulator.cpp
    sim/OpticalSimulators.cpp
)
