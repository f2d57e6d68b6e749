#!/usr/bin/env Rscript
# Reference fits for the variance decomposition on UNBALANCED probe designs (src/stats/varcomp), made with lme4 (REML):
#   score ~ 0 + group + (1 | template) + (1 | filler) + (1 | template:group), fillers nested in groups.
# Designs are shaped like the race probe (44 / 41 / 6 / 4 names per group, 24-30 templates, missing template x group
# cells, dropped and repeated sentences), plus groups with a single filler and two fits on the boundary (a true
# variance of 0 that lme4 estimates as 0: the fit is singular).
# usage: Rscript scripts/make-varcomp-unbalanced.R test/fixtures/stats/varcomp_unbalanced.json 20261202
# needs: apt-get install -y r-cran-lme4 r-cran-jsonlite
suppressMessages({ library(lme4); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[1] else "test/fixtures/stats/varcomp_unbalanced.json"
seed <- if (length(args) >= 2) as.integer(args[2]) else 20261202L
set.seed(seed)

# One simulated data set: T templates, fillers per group F (a vector), true SDs sd, missing cells / rows.
simulate <- function(T, F, sd, drop_cells = 0, drop_rows = 0, repeat_rows = 0) {
  G <- length(F)
  group_of <- rep(seq_len(G), F)
  df <- expand.grid(t = seq_len(T), f = seq_along(group_of))
  df$g <- group_of[df$f]
  # Whole template x group cells missing (a template that never takes a group), but every group keeps half its templates.
  cells <- expand.grid(t = seq_len(T), g = seq_len(G))
  cells$drop <- runif(nrow(cells)) < drop_cells
  for (g in seq_len(G)) if (sum(cells$drop[cells$g == g]) > T / 2) cells$drop[cells$g == g] <- FALSE
  df <- df[!paste(df$t, df$g) %in% paste(cells$t, cells$g)[cells$drop], ]
  df <- df[runif(nrow(df)) >= drop_rows, ]
  if (repeat_rows > 0) df <- rbind(df, df[runif(nrow(df)) < repeat_rows, ])
  ge <- rnorm(G, 0, 0.03)
  a <- rnorm(T, 0, sd[["template"]]); c <- rnorm(length(group_of), 0, sd[["filler"]]); tg <- matrix(rnorm(T * G, 0, sd[["tg"]]), T, G)
  df$y <- round(0.5 + ge[df$g] + a[df$t] + c[df$f] + tg[cbind(df$t, df$g)] + rnorm(nrow(df), 0, sd[["resid"]]), 8)
  df <- df[order(df$g, df$f, df$t), ]
  list(df = df, group_of = group_of)
}

FULL <- y ~ 0 + group + (1 | template) + (1 | filler) + (1 | template:group)
fit <- function(df, formula = FULL) {
  d <- data.frame(y = df$y, template = factor(paste0("t", df$t)), filler = factor(paste0("f", df$f)), group = factor(paste0("g", df$g)))
  lmer(formula, data = d, REML = TRUE, control = lmerControl(optimizer = "bobyqa", optCtrl = list(maxfun = 1e5)))
}

theta_of <- function(m) {
  th <- getME(m, "theta")
  setNames(as.list(unname(th)), sub(".\\(Intercept\\)$", "", names(th)))
}

record <- function(name, about, sim, m) {
  vc <- as.data.frame(VarCorr(m))
  fe <- fixef(m)
  list(
    name = name, about = about, formula = paste(deparse(formula(m)), collapse = ""),
    fillers_per_group = as.integer(table(sim$group_of)),
    filler_group = sim$group_of,
    data = list(template = sim$df$t, filler = sim$df$f, score = sim$df$y),
    reml_variance = setNames(as.list(vc$vcov), ifelse(vc$grp == "Residual", "residual", vc$grp)),
    theta = theta_of(m),
    group_means = setNames(as.list(unname(fe)), sub("^group", "", names(fe))),
    reml_criterion = unname(REMLcrit(m)),
    singular = isSingular(m))
}

race <- c(44, 41, 6, 4)
typical <- function() c(template = runif(1, 0.05, 0.09), filler = runif(1, 0.01, 0.04), tg = runif(1, 0.01, 0.03), resid = runif(1, 0.02, 0.04))
cases <- list()

sim <- simulate(24, race, typical(), drop_cells = 0.08, drop_rows = 0.10)
cases[[1]] <- record("race_24", "race-like: 44/41/6/4 fillers, 24 templates, 8% of template x group cells and 10% of sentences missing", sim, fit(sim$df))

sim <- simulate(30, race, typical(), drop_cells = 0.05, drop_rows = 0.15, repeat_rows = 0.05)
cases[[2]] <- record("race_30_repeats", "race-like: 44/41/6/4 fillers, 30 templates, 5% of cells and 15% of sentences missing, 5% of sentences repeated", sim, fit(sim$df))

sim <- simulate(20, c(8, 3, 1, 1, 2), typical(), drop_rows = 0.05)
cases[[3]] <- record("single_fillers", "8/3/1/1/2 fillers (two groups with one filler), 20 templates, 5% of sentences missing", sim, fit(sim$df))

# Boundary fits: the component's true SD is 0; draw until lme4 puts it on the boundary (singular), so the fixture
# holds a case where the unrestricted estimate would be negative.
boundary <- function(component, name, about) {
  for (attempt in 1:50) {
    sd <- typical(); sd[[component]] <- 0
    sim <- simulate(20, c(10, 8, 5, 3), sd, drop_cells = 0.05, drop_rows = 0.10)
    m <- fit(sim$df)
    if (isSingular(m) && theta_of(m)[[if (component == "tg") "template:group" else component]] < 1e-4) return(record(name, about, sim, m))
  }
  stop("no boundary fit in 50 draws")
}
cases[[4]] <- boundary("tg", "boundary_template_group", "10/8/5/3 fillers, 20 templates, no template x group variation: lme4 estimates it as 0 (singular)")
cases[[5]] <- boundary("filler", "boundary_filler", "10/8/5/3 fillers, 20 templates, no filler variation: lme4 estimates it as 0 (singular)")

# Countries-shaped designs (one filler per group): filler and group are the same, so the model drops (1 | filler);
# without repeated template x group cells it also drops (1 | template:group), which the residual then includes.
sim <- simulate(16, rep(1, 40), typical(), drop_rows = 0.05)
cases[[6]] <- record("one_filler_per_group", "40 groups of one filler, 16 templates, 5% of sentences missing: lme4 fits score ~ 0 + group + (1|template)",
                     sim, fit(sim$df, y ~ 0 + group + (1 | template)))
sim <- simulate(12, rep(1, 30), typical(), drop_rows = 0.05, repeat_rows = 0)
sim$df <- do.call(rbind, lapply(1:3, function(k) { d <- sim$df; d$y <- round(d$y + rnorm(nrow(d), 0, 0.03), 8); d }))
sim$df <- sim$df[order(sim$df$g, sim$df$f, sim$df$t), ]
cases[[7]] <- record("one_filler_other_slot", "30 groups of one filler, 12 templates, each sentence in 3 variants of another slot: lme4 fits score ~ 0 + group + (1|template) + (1|template:group)",
                     sim, fit(sim$df, y ~ 0 + group + (1 | template) + (1 | template:group)))

writeLines(toJSON(list(
  about = "lme4 REML on unbalanced crossed designs: score ~ 0 + group + (1|template) + (1|filler) + (1|template:group); data as 1-based template and filler indices (template k is 't<k>', filler k is 'f<k>' in group 'g<filler_group[k]>'); made by scripts/make-varcomp-unbalanced.R",
  lme4_version = as.character(packageVersion("lme4")), seed = seed, cases = cases),
  auto_unbox = TRUE, digits = NA), out)
cat(out, "\n")
