# Results-database benchmarks (issue 4): built when the db library is part of the build.
if(TARGET optiqual_db)
    add_executable(optiqual_bench_db ${CMAKE_CURRENT_LIST_DIR}/DbBench.cpp)
    target_link_libraries(optiqual_bench_db PRIVATE optiqual_db optiqual_warnings)
endif()
