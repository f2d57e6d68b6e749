# The lme4 + lmerTest reference of the probe's group tests (issue 22): for each simulated run in the input CSV
# (scripts/lmertest-sims.mjs), fit
#   score ~ group + (1 | family/template) + (1 | filler)       (REML, lme4; filler nested in group by its name)
# and test every group-versus-mean contrast theta_g = mu_g - mean_h mu_h with lmerTest::contest (Satterthwaite df),
# one contrast at a time. Writes one row per (sim, group): estimate, se, df, t, p.
#
#   Rscript scripts/lmertest-reference.R in.csv out.csv
# Needs r-cran-lme4 and r-cran-lmertest (Debian). With single templates per family, (1 | family/template) has a
# template level per family: lme4 drops nothing, one of the two variances goes to 0 (a singular fit, as expected).
suppressPackageStartupMessages({ library(lme4); library(lmerTest) })
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
out <- list()
for (key in unique(paste(d$design, d$sim, sep = "\r"))) {
  parts <- strsplit(key, "\r")[[1]]
  x <- d[d$design == parts[1] & d$sim == as.integer(parts[2]), ]
  x$group <- factor(x$group)
  G <- nlevels(x$group)
  single <- length(unique(x$family)) == length(unique(x$template))
  form <- if (single) score ~ group + (1 | template) + (1 | filler) else score ~ group + (1 | family/template) + (1 | filler)
  if (length(unique(x$filler)) == G) form <- if (single) score ~ group + (1 | template) else score ~ group + (1 | family/template)
  m <- suppressMessages(suppressWarnings(lmerTest::lmer(form, data = x, REML = TRUE)))
  # Cell means coding through the treatment contrasts: mu_1 = b0, mu_k = b0 + b_k.
  cellMeans <- cbind(1, rbind(0, diag(G - 1)))
  for (g in seq_len(G)) {
    L <- cellMeans[g, ] - colMeans(cellMeans)
    r <- lmerTest::contest(m, matrix(L, nrow = 1), joint = FALSE, ddf = "Satterthwaite")
    out[[length(out) + 1]] <- data.frame(design = parts[1], sim = as.integer(parts[2]), group = levels(x$group)[g],
      estimate = r$Estimate, se = r[["Std. Error"]], df = r$df, t = r[["t value"]], p = r[["Pr(>|t|)"]])
  }
}
write.csv(do.call(rbind, out), args[2], row.names = FALSE)
