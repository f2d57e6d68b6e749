#!/usr/bin/env Rscript
# Second half of scripts/check-varcomp-lme4.mjs: fits lme4 REML on each design of DIR and compares with ours.json.
suppressMessages({ library(lme4); library(jsonlite) })
dir <- commandArgs(trailingOnly = TRUE)[1]
ours <- fromJSON(file.path(dir, "ours.json"), simplifyVector = FALSE)
worst <- c(variance = 0, mean = 0); disagree <- 0
for (o in ours) {
  d <- read.csv(file.path(dir, sprintf("d%d.csv", o$k)))
  d$template <- factor(d$template); d$filler <- factor(paste(d$group, d$filler)); d$group <- factor(d$group)
  m <- suppressMessages(lmer(score ~ 0 + group + (1 | template) + (1 | filler) + (1 | template:group), data = d, REML = TRUE,
                             control = lmerControl(optimizer = "bobyqa", optCtrl = list(maxfun = 1e5))))
  vc <- as.data.frame(VarCorr(m)); v <- setNames(vc$vcov, ifelse(vc$grp == "Residual", "residual", vc$grp))
  th <- getME(m, "theta"); names(th) <- sub(".\\(Intercept\\)$", "", names(th))
  # Relative error; a component lme4 puts at theta < 1e-4 is compared with the residual variance as the scale.
  err <- sapply(names(v), function(k) { a <- o$components[[k]]; b <- v[[k]]
    if (k != "residual" && th[[k]] < 1e-4) abs(a - b) / v[["residual"]] else abs(a - b) / b })
  fe <- fixef(m); names(fe) <- sub("^group", "", names(fe))
  errm <- max(sapply(names(fe), function(g) abs(o$means[[g]] - fe[[g]]) / abs(fe[[g]])))
  ours_clamped <- sort(unlist(o$clamped)); lme4_boundary <- sort(names(th)[th < 1e-4])
  same <- identical(as.character(ours_clamped), as.character(lme4_boundary))
  if (!same) disagree <- disagree + 1
  worst <- pmax(worst, c(max(err), errm))
  cat(sprintf("design %2d: %4d rows, variances %.1e, group means %.1e, on the boundary: lme4 {%s} ours {%s}%s\n", o$k, nrow(d), max(err), errm,
              paste(lme4_boundary, collapse = ","), paste(ours_clamped, collapse = ","), if (same) "" else "  <- DIFFER"))
}
cat(sprintf("%d designs: largest relative error %.1e (variances), %.1e (group means); boundary sets differ in %d\n",
            length(ours), worst[["variance"]], worst[["mean"]], disagree))
