#!/usr/bin/env bash
# Command 2 of the README: install what the tests need, then run every test:
#   1. engine and CLI tests (cargo test: unit, property, fixture and snapshot tests)
#   2. wasm-bindgen tests of the web crate in headless Chromium
#   3. the release build of the app (started first, in the background), and its size report
#   4. end-to-end tests (Playwright + Chromium) against the built dist/
# Ends with one summary line: "summary: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test || { echo "summary: 0 passed, 1 failed (setup)"; exit 1; }
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER=/usr/bin/chromedriver

mkdir -p test-output
passed=0; failed=0; broken=()
count_cargo() { # sums "test result: ok. N passed; M failed" lines of a cargo test log
  local p f
  p=$(grep -Eo 'test result: [A-Za-z]+\. [0-9]+ passed' "$1" | awk '{s+=$4} END {print s+0}')
  f=$(grep -Eo '[0-9]+ failed;' "$1" | awk '{s+=$1} END {print s+0}')
  passed=$((passed + p)); failed=$((failed + f))
}
step() { printf '\n==> %s\n' "$*"; }

# Step 3's release build starts first, in the background, beside steps 1 and 2: its long
# single-threaded stretches (the app's link-time optimisation, codegen-units = 1) leave a core
# idle that the tests' debug builds fill. Cargo locks a target directory per target and profile
# (target/debug, target/wasm32-unknown-unknown/release, ...), and the release build uses none of
# the tests' ones, so neither waits for the other.
step "release build (trunk build --release) started in the background; its log: test-output/trunk-build.log"
build_t0=$SECONDS
rm -f test-output/trunk-build.end
( trunk build --release > test-output/trunk-build.log 2>&1; rc=$?; echo "$SECONDS" > test-output/trunk-build.end; exit $rc ) &
build_pid=$!

step "engine and CLI tests (cargo test)"
t0=$SECONDS
cargo test --workspace --exclude cloudwright-web 2>&1 | tee test-output/cargo-test.log
[ "${PIPESTATUS[0]}" -eq 0 ] || broken+=("cargo test")
count_cargo test-output/cargo-test.log
echo "==> cargo test took $((SECONDS - t0)) s"

step "the web crate's split-code record, natively (plain Rust: rustc --test, no browser)"
# src/on_demand/code.rs (whether a split point's code is in: `on_demand::Code`) uses only std,
# so its transitions are tested natively without building the web crate for the host.
rustc --edition 2021 --test crates/cloudwright-web/src/on_demand/code.rs -o target/on-demand-code-test 2>&1 | tee test-output/on-demand-code-test.log \
  && target/on-demand-code-test 2>&1 | tee -a test-output/on-demand-code-test.log
[ "${PIPESTATUS[0]}" -eq 0 ] || broken+=("on_demand code test")
count_cargo test-output/on-demand-code-test.log

step "exported CloudFormation passes cfn-lint (one test per app template, one cfn-lint run)"
t0=$SECONDS
mkdir -p test-output/exports
lint_pass=0; lint_fail=0; exported=()
cargo build -q -p cloudwright-cli || lint_fail=$((lint_fail + 1))
for f in templates/*.json; do
  b=$(basename "$f" .json); [ "$b" = index ] && continue
  if ! target/debug/cloudwright export cloudformation "$f" -o "test-output/exports/$b.yaml" 2>test-output/exports/$b.err; then
    echo "FAIL export $b: $(cat test-output/exports/$b.err)"; lint_fail=$((lint_fail + 1)); continue
  fi
  target/debug/cloudwright export terraform "$f" -o "test-output/exports/$b.tf" 2>/dev/null
  exported+=("test-output/exports/$b.yaml")
done
if [ ${#exported[@]} -gt 0 ]; then
  # One cfn-lint process for every export (its start-up, loading the resource schemas, is
  # most of its time); the parseable format names the file on each line
  # (file:line:col:endline:endcol:rule:message), so results are attributed per template.
  .tools/cfn-lint-venv/bin/cfn-lint --format parseable "${exported[@]}" > test-output/exports/cfn-lint.txt 2>&1; rc=$?
  # cfn-lint's exit code is a bit mask: 1 fatal, 2 error, 4 warning, 8 informational.
  if [ $((rc & 1)) -ne 0 ]; then
    echo "FAIL cfn-lint stopped (exit $rc):"; cat test-output/exports/cfn-lint.txt; lint_fail=$((lint_fail + 1))
  fi
  for y in "${exported[@]}"; do
    b=$(basename "$y" .yaml)
    grep -F "$y:" test-output/exports/cfn-lint.txt > "test-output/exports/$b.lint"
    # Rule ids: E… error (fails), W… warning, I… informational (reported, pass).
    if grep -qE '^[^:]+(:[0-9]+){4}:E' "test-output/exports/$b.lint"; then
      lint_fail=$((lint_fail + 1)); echo "FAIL cfn-lint $b.yaml:"; cat "test-output/exports/$b.lint"
    else
      lint_pass=$((lint_pass + 1)); echo "ok   cfn-lint $b.yaml$( [ -s "test-output/exports/$b.lint" ] && echo " (warnings, see test-output/exports/$b.lint)")"
    fi
  done
  # An error cfn-lint reported that no template's lines show still fails the step.
  if [ $((rc & 2)) -ne 0 ] && [ $lint_fail -eq 0 ]; then
    echo "FAIL cfn-lint reported an error:"; cat test-output/exports/cfn-lint.txt; lint_fail=$((lint_fail + 1))
  fi
fi
echo "cfn-lint: $lint_pass passed, $lint_fail failed"
passed=$((passed + lint_pass)); failed=$((failed + lint_fail))
[ $lint_fail -eq 0 ] || broken+=("cfn-lint")
echo "==> cfn-lint took $((SECONDS - t0)) s"

step "wasm-bindgen tests in headless Chromium"
t0=$SECONDS
cargo test -p cloudwright-web --target wasm32-unknown-unknown 2>&1 | tee test-output/wasm-test.log
[ "${PIPESTATUS[0]}" -eq 0 ] || broken+=("wasm-bindgen tests")
count_cargo test-output/wasm-test.log
echo "==> wasm tests took $((SECONDS - t0)) s"

step "release build (trunk build --release), waited for"
t0=$SECONDS
if wait "$build_pid"; then
  tail -n 5 test-output/trunk-build.log
  echo "==> release build took $(( $(cat test-output/trunk-build.end) - build_t0 )) s, beside the steps above ($((SECONDS - t0)) s waited for after them)"
  node scripts/size-report.mjs dist | tee test-output/size-report.txt

  step "end-to-end tests (Playwright, headless Chromium)"
  t0=$SECONDS
  # Beside the spec output, each file's time, longest first (tests/e2e/file-times.mjs). Two files
  # at once on a 2-core machine, (cores - 1) on a bigger one: one file alone leaves a core idle
  # while its page waits (six files: 278 s one at a time, 220 s two at once, 216 s three at once
  # with the CPU 98% busy; BENCHMARKS.md s60-ci).
  jobs=$(nproc 2>/dev/null || echo 2); [ "$jobs" -gt 2 ] && jobs=$((jobs - 1)) || jobs=2
  node --test --test-concurrency="$jobs" --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=./tests/e2e/file-times.mjs --test-reporter-destination=test-output/e2e-file-times.txt \
    tests/e2e/*.test.mjs 2>&1 | tee test-output/e2e.log
  [ "${PIPESTATUS[0]}" -eq 0 ] || broken+=("e2e tests")
  echo "==> the slowest end-to-end test files (s):"; head -n 8 test-output/e2e-file-times.txt
  p=$(grep -Eo '^ℹ pass [0-9]+' test-output/e2e.log | awk '{print $3}'); f=$(grep -Eo '^ℹ fail [0-9]+' test-output/e2e.log | awk '{print $3}')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  echo "==> e2e tests took $((SECONDS - t0)) s"
else
  tail -n 40 test-output/trunk-build.log
  broken+=("release build")
fi

echo
[ ${#broken[@]} -eq 0 ] || echo "failed steps: ${broken[*]}"
echo "screenshots: test-output/screenshots/"
if [ ${#broken[@]} -gt 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "summary: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#broken[@]} -eq 0 ]
