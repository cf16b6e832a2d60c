# Tests of the SCPI parser and dispatcher (instruments/sim/parser.cmake). Paths relative to tests/.
set(OPTIQUAL_SIM_PARSER_TESTS
    instruments/sim/ScpiParserTest.cpp
    instruments/sim/ScpiParametersTest.cpp
    instruments/sim/ScpiCommandTreeTest.cpp
)
# The benchmark (bench/ScpiParserBench.cpp) is built by tests/bench/parser_bench.cmake.
