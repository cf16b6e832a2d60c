# SCPI-99 / IEEE 488.2 parser and dispatcher shared by the simulated SCPI instruments.
# Paths relative to instruments/.
set(OPTIQUAL_SIM_PARSER_SOURCES
    sim/ScpiError.cpp
    sim/ScpiErrorQueue.cpp
    sim/ScpiParameters.cpp
    sim/ScpiFormat.cpp
    sim/ScpiContext.cpp
    sim/ScpiCommandTree.cpp
    sim/ScpiDevice.cpp
)
