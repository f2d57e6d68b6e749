#!/bin/sh
# Makes test/fixtures/stats/lmertest_sims.csv (four simulated probe runs of the unequal-filler and names designs)
# and test/fixtures/stats/lmertest_ref.csv (lme4 + lmerTest group-versus-mean contrasts on them, Satterthwaite df).
# Needs `npm run build` and R with r-cran-lme4 and r-cran-lmertest.
set -e
cd "$(dirname "$0")/.."
out=test/fixtures/stats
node scripts/lmertest-sims.mjs --n 1 --designs 'fillers_1_2_8_20,one_group_of_2,names_3x6+0.4 on one,fillers_1_4_8_20+1.0 on one' > "$out/lmertest_sims.csv"
Rscript scripts/lmertest-reference.R "$out/lmertest_sims.csv" "$out/lmertest_ref.csv"
