# The SCPI parser benchmark (messages/s through ScpiDevice).
add_executable(optiqual_bench_scpi_parser ${CMAKE_CURRENT_LIST_DIR}/ScpiParserBench.cpp)
target_link_libraries(optiqual_bench_scpi_parser PRIVATE optiqual_sim optiqual_instruments optiqual_core
    benchmark::benchmark_main optiqual_warnings)
