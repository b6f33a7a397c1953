# SPDX-License-Identifier: MIT
# The corpus runner compares findings with the expectations in corpus/.
add_executable(corpus_runner ${CMAKE_CURRENT_SOURCE_DIR}/corpus_runner.c
  ${CMAKE_CURRENT_SOURCE_DIR}/expect.c)
target_compile_options(corpus_runner PRIVATE ${CC_WARN})
target_link_libraries(corpus_runner PRIVATE closecheck_clang)
set_target_properties(corpus_runner PROPERTIES BUILD_RPATH "${LLVM_LIB_DIR}")
add_test(NAME corpus COMMAND corpus_runner ${CMAKE_BINARY_DIR}/corpus ${CMAKE_SOURCE_DIR}/rules)
# The same with --report-at-exit: what is held at exit() and at a return from
# main is reported, and the "at-exit:" annotations are expected too.
add_test(NAME corpus_at_exit COMMAND corpus_runner ${CMAKE_BINARY_DIR}/corpus
  ${CMAKE_SOURCE_DIR}/rules --report-at-exit)

# The engine on the IR as text: tests/engine/*.ir with their expectations,
# and the text form reading back what --dump-ir prints for the corpus and
# for closecheck's own sources.
add_executable(engine_runner ${CMAKE_CURRENT_SOURCE_DIR}/engine_runner.c
  ${CMAKE_CURRENT_SOURCE_DIR}/expect.c)
target_compile_options(engine_runner PRIVATE ${CC_WARN})
target_link_libraries(engine_runner PRIVATE closecheck_core)
set_target_properties(engine_runner PROPERTIES BUILD_RPATH "${LLVM_LIB_DIR}")
file(GLOB ENGINE_IR_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/engine/*.ir)
add_test(NAME engine_ir COMMAND engine_runner ${CMAKE_SOURCE_DIR}/rules ${ENGINE_IR_TESTS})
add_test(NAME irtext_roundtrip COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/irtext_roundtrip.sh
  $<TARGET_FILE:closecheck> $<TARGET_FILE:engine_runner> ${CMAKE_BINARY_DIR}/corpus
  ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR})

# The program end to end: exit codes, -p, errors on bad input.
add_test(NAME cli COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli_test.sh
  $<TARGET_FILE:closecheck> ${CMAKE_BINARY_DIR}/corpus ${CMAKE_SOURCE_DIR})

# Isolation: a unit that crashes libclang, one past --timeout and one past
# --memory-limit are errors of their files; the other files' leaks are found.
add_test(NAME isolate COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/isolate_test.sh
  $<TARGET_FILE:closecheck>)

# Dogfood: closecheck on its own sources, with a pack for the pairs it uses
# (libclang, jansson, libyaml, its allocator), must find nothing.
add_test(NAME dogfood COMMAND sh -c
  "\"$1\" --rules \"$2/tools/dogfood.yaml\" -p \"$3\" \"$2\"/analyzer/*.c"
  dogfood $<TARGET_FILE:closecheck> ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR})

# JSON, Code Climate and SARIF outputs (SARIF checked by ajv with the 2.1.0
# schema and by Microsoft's SARIF multitool, both from npm).
add_test(NAME report COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/report_test.sh
  $<TARGET_FILE:closecheck> ${CMAKE_BINARY_DIR}/corpus ${CMAKE_BINARY_DIR}/npm
  ${CMAKE_SOURCE_DIR})

# Pre-commit: the framework with .pre-commit-hooks.yaml, and the plain hook.
add_test(NAME precommit COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/precommit_test.sh
  $<TARGET_FILE:closecheck> ${CMAKE_SOURCE_DIR})

# Baselines and analysing only what git says changed.
add_test(NAME vcs COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/vcs_test.sh $<TARGET_FILE:closecheck>)

# .closecheck.yaml configurations.
add_test(NAME config COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/config_test.sh $<TARGET_FILE:closecheck>)

# The Language Server: a scripted JSON-RPC session, and Neovim as a client.
add_test(NAME lsp COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/lsp_test.py $<TARGET_FILE:closecheck>)
add_test(NAME lsp_neovim COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/lsp_nvim_test.sh
  $<TARGET_FILE:closecheck> ${CMAKE_SOURCE_DIR})

# Compile commands as builds write them: sources spelled relative, outputs,
# dependency files, gcc-only flags, assembler units, the lint-hook form.
add_test(NAME compdb COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/compdb_test.sh $<TARGET_FILE:closecheck>)

# What a person sees: streaming order, summary, --fail-on, the rich form on
# a terminal, colours, the command line, --help and the man page.
add_test(NAME output COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/output_test.sh
  $<TARGET_FILE:closecheck> ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR})

# Byte-identical output, standard error and exit status for -j1, -j2, -j4
# and across runs, in text, json and sarif, on the corpus with bad units.
add_test(NAME determinism COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/determinism_test.sh
  $<TARGET_FILE:closecheck> ${CMAKE_BINARY_DIR}/corpus)

# Shards (--shard K/N) and 'closecheck merge': a stable partition, and the
# merge of the shards' reports byte for byte the unsharded run's.
add_test(NAME shard COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/shard_test.sh
  $<TARGET_FILE:closecheck> ${CMAKE_BINARY_DIR}/corpus)

# Bad inputs and broken outputs: the rows of docs/robustness.md that no
# other test covers.
add_test(NAME robustness COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/robustness_test.sh
  $<TARGET_FILE:closecheck>)

# The units' result cache: warm runs say what cold ones said; exactly the
# units whose files changed are analysed again; concurrent runs, broken
# entries, --no-cache.
add_test(NAME cache COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cache_test.sh
  $<TARGET_FILE:closecheck> ${CMAKE_SOURCE_DIR})

# Whole-program summaries: a project of several units with a compile
# database; wrappers, releasers and fatal() of another unit, statics kept
# apart, warm runs that see a helper change, single-file runs.
add_test(NAME program COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/program_test.sh
  $<TARGET_FILE:closecheck>)
