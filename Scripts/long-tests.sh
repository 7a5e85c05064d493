#!/usr/bin/env bash
# The larger fault variants: 300 SIGKILLs, 4 writers x 5,000 lines, 200,000 fuzzed command lines, mutated banks
# and sheets. Takes several minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
SHORTLIST_LONG_TESTS=1 swift test --filter 'FaultTests|FuzzTests'
