# The R reference of the factorial analysis of two crossed attributes (issue #26, src/stats/intersect/).
# Simulates six small probe designs (seeded; the last two balanced 2 x 2), writes them as per-(family, filler) scores, and for each writes
#   - estimates from lm(y ~ family + A*B) with contr.sum, fitted on the per-(family, cell) means of the fillers:
#     main effects, sum-to-zero interactions and cell effects (alpha + beta + gamma) of complete tables; with an empty
#     cell, lm(y ~ family + cell) and the tetrads of its cell coefficients;
#   - SE and df of the model with its own family x cell variance per contrast (docs/statistics.md §10): for a contrast
#     w, the family part is lm(z ~ 1) on the per-family contrast values z_f = sum_c w_c Y(f, c) (its squared SE, with
#     T - 1 df); with several fillers per cell the fillers' part is sum_c w_c^2 / n_c times
#     sigma2_filler = (MS_filler - MS_residual) / T from anova(lm(score ~ cell + family + family:cell + filler))
#     (the filler x family residual; printed beside lmer's REML estimate of the same variance, which it equals on
#     balanced designs), and the df are Satterthwaite's for that sum of mean squares.
#   - for the balanced 2 x 2 designs, lmerTest's contest (Satterthwaite) for the main effects and interactions on the
#     crossed mixed model (third file; docs/statistics.md §10 "Parity with lmerTest").
# The paraphrase family is the template here (one template per family). The simulation has a family x cell
# interaction, so its variance is not at the boundary.
#
#   Rscript scripts/intersect-reference.R test/fixtures/stats/intersect_sims.csv test/fixtures/stats/intersect_ref.csv \
#     test/fixtures/stats/intersect_lmer.csv
suppressPackageStartupMessages({ library(lme4); library(lmerTest) })
args <- commandArgs(trailingOnly = TRUE)
set.seed(26)

simulate <- function(design, I, J, families, fillers, empty = integer(0), fillerSd = 0.04) {
  A <- paste0("a", seq_len(I)); B <- paste0("b", seq_len(J))
  alpha <- rnorm(I, 0, 0.05); beta <- rnorm(J, 0, 0.05); gamma <- matrix(rnorm(I * J, 0, 0.03), I, J)
  fam <- rnorm(families, 0, 0.05)
  rows <- list()
  for (a in seq_len(I)) for (b in seq_len(J)) {
    k <- (a - 1) * J + b
    if (k %in% empty) next
    n <- fillers[(k - 1) %% length(fillers) + 1]
    u <- rnorm(n, 0, fillerSd)
    famCell <- rnorm(families, 0, 0.03)   # the family x cell interaction
    for (i in seq_len(n)) for (f in seq_len(families)) {
      y <- 0.5 + alpha[a] + beta[b] + gamma[a, b] + fam[f] + famCell[f] + u[i] + rnorm(1, 0, 0.03)
      rows[[length(rows) + 1]] <- data.frame(design = design, family = sprintf("f%02d", f), a = A[a], b = B[b],
        filler = sprintf("%s_%s_%d", A[a], B[b], i), score = y)
    }
  }
  do.call(rbind, rows)
}

# A balanced 2 x 2 design with family, family:A, family:B and family:A:B effects of their own (all clearly positive, so
# REML equals the ANOVA estimates), for the parity with lmerTest's contest on the crossed mixed model.
simulate2x2 <- function(design, families, fillers) {
  fam <- rnorm(families, 0, 0.05)
  famA <- matrix(rnorm(families * 2, 0, 0.04), families, 2); famB <- matrix(rnorm(families * 2, 0, 0.04), families, 2)
  famAB <- array(rnorm(families * 4, 0, 0.04), c(families, 2, 2))
  rows <- list()
  for (a in 1:2) for (b in 1:2) {
    u <- rnorm(fillers, 0, 0.04)
    for (i in seq_len(fillers)) for (f in seq_len(families)) {
      y <- 0.5 + c(0.03, -0.03)[a] + c(0.02, -0.02)[b] + c(0.01, -0.01)[a] * c(1, -1)[b] + fam[f] + famA[f, a] + famB[f, b] +
        famAB[f, a, b] + u[i] + rnorm(1, 0, 0.03)
      rows[[length(rows) + 1]] <- data.frame(design = design, family = sprintf("f%02d", f), a = paste0("a", a), b = paste0("b", b),
        filler = sprintf("a%d_b%d_%d", a, b, i), score = y)
    }
  }
  do.call(rbind, rows)
}

sims <- rbind(
  simulate("one_filler", 3, 2, 12, 1),
  simulate("fillers", 3, 2, 10, 3),
  simulate("unequal", 2, 3, 8, c(1, 2, 4)),
  simulate("empty_cell", 3, 3, 10, 2, empty = c(9)),
  simulate2x2("balanced_2x2", 12, 3),
  simulate2x2("balanced_2x2_one_filler", 12, 1)
)
write.csv(sims, args[1], row.names = FALSE)

contrastRow <- function(design, kind, a, b, estimate, se = NA, df = NA) {
  data.frame(design = design, kind = kind, a = a, b = b, estimate = estimate, se = se, df = df)
}

out <- list()
for (design in unique(sims$design)) {
  x <- sims[sims$design == design, ]
  A <- sort(unique(x$a)); B <- sort(unique(x$b)); I <- length(A); J <- length(B)
  cellNames <- as.vector(t(outer(A, B, paste, sep = "|")))   # cell index (a - 1) * J + b, as the TypeScript code
  x$cell <- factor(paste(x$a, x$b, sep = "|"), levels = cellNames)
  present <- cellNames %in% levels(droplevels(x$cell))
  x$cell <- droplevels(x$cell)
  means <- aggregate(score ~ family + a + b + cell, data = x, FUN = mean)
  means$A <- factor(means$a, levels = A); means$B <- factor(means$b, levels = B)
  several <- any(table(unique(x[, c("cell", "filler")])$cell) > 1)
  K <- sum(present)
  families <- sort(unique(means$family)); T <- length(families)
  Y <- matrix(NA, T, I * J)
  for (r in seq_len(nrow(means))) Y[match(means$family[r], families), match(as.character(means$cell[r]), cellNames)] <- means$score[r]
  nFill <- tapply(x$filler, x$cell, function(f) length(unique(f)))[cellNames]
  fill <- NULL
  if (several) {
    tab <- anova(lm(score ~ cell + family + family:cell + filler, data = x))
    fill <- list(ms = tab["filler", "Mean Sq"], df = tab["filler", "Df"], res = tab["Residuals", "Mean Sq"], resDf = tab["Residuals", "Df"])
    reml <- suppressMessages(suppressWarnings(lme4::lmer(score ~ 0 + cell + (1 | family) + (1 | family:cell) + (1 | filler), data = x)))
    vc <- as.data.frame(lme4::VarCorr(reml))
    message(design, ": sigma2_filler moments ", signif((fill$ms - fill$res) / T, 6), ", lmer REML ", signif(vc$vcov[vc$grp == "filler"], 6))
  }
  test <- function(w) {
    z <- as.vector(Y[, present, drop = FALSE] %*% w[present])
    fam <- lm(z ~ 1)
    terms <- data.frame(v = vcov(fam)[1, 1], df = df.residual(fam))
    if (!is.null(fill) && fill$ms > fill$res) {
      coef <- sum(w[present]^2 / nFill[present]) / T
      terms <- rbind(terms, data.frame(v = c(coef * fill$ms, -coef * fill$res), df = c(fill$df, fill$resDf)))
    }
    v <- sum(terms$v)
    c(sqrt(v), v^2 / sum(terms$v^2 / terms$df))
  }
  weights <- function(f) { w <- numeric(I * J); for (k in seq_len(I * J)) w[k] <- f((k - 1) %/% J + 1, (k - 1) %% J + 1); w }
  if (all(present)) {
    fit <- lm(score ~ family + A * B, data = means, contrasts = list(A = "contr.sum", B = "contr.sum", family = "contr.sum"))
    co <- coef(fit)
    alpha <- c(co[paste0("A", 1:(I - 1))], 0); alpha[I] <- -sum(alpha[1:(I - 1)])
    beta <- c(co[paste0("B", 1:(J - 1))], 0); beta[J] <- -sum(beta[1:(J - 1)])
    g <- matrix(0, I, J)
    for (i in 1:(I - 1)) for (j in 1:(J - 1)) g[i, j] <- co[paste0("A", i, ":B", j)]
    g[1:(I - 1), J] <- -rowSums(g[1:(I - 1), 1:(J - 1), drop = FALSE]); g[I, ] <- -colSums(g[1:(I - 1), , drop = FALSE])
    for (i in 1:I) {
      s <- test(weights(function(a, b) (a == i) / J - 1 / (I * J)))
      out[[length(out) + 1]] <- contrastRow(design, "main", A[i], "", alpha[i], s[1], s[2])
    }
    for (j in 1:J) {
      s <- test(weights(function(a, b) (b == j) / I - 1 / (I * J)))
      out[[length(out) + 1]] <- contrastRow(design, "main", "", B[j], beta[j], s[1], s[2])
    }
    for (i in 1:I) for (j in 1:J) {
      s <- test(weights(function(a, b) (a == i & b == j) - (a == i) / J - (b == j) / I + 1 / (I * J)))
      out[[length(out) + 1]] <- contrastRow(design, "interaction", A[i], B[j], g[i, j], s[1], s[2])
      s <- test(weights(function(a, b) (a == i & b == j) - 1 / (I * J)))
      out[[length(out) + 1]] <- contrastRow(design, "cell", A[i], B[j], alpha[i] + beta[j] + g[i, j], s[1], s[2])
    }
  } else {
    fit <- lm(score ~ family + cell, data = means, contrasts = list(family = "contr.sum"))
    co <- coef(fit)
    mu <- setNames(rep(NA, I * J), cellNames)
    mu[present] <- c(0, co[paste0("cell", levels(x$cell)[-1])])  # treatment coding: differences from the first cell
    for (a1 in 1:(I - 1)) for (a2 in (a1 + 1):I) for (b1 in 1:(J - 1)) for (b2 in (b1 + 1):J) {
      k <- c((a1 - 1) * J + b1, (a1 - 1) * J + b2, (a2 - 1) * J + b1, (a2 - 1) * J + b2)
      if (!all(present[k])) next
      w <- numeric(I * J); w[k] <- c(1, -1, -1, 1)
      s <- test(w)
      out[[length(out) + 1]] <- contrastRow(design, "tetrad", paste(A[a1], A[a2]), paste(B[b1], B[b2]), sum(w[present] * mu[present]),
        s[1], s[2])
    }
    for (k in which(present)) {
      w <- -present / K; w[k] <- w[k] + 1
      s <- test(w)
      out[[length(out) + 1]] <- contrastRow(design, "cell", A[(k - 1) %/% J + 1], B[(k - 1) %% J + 1], sum(w[present] * mu[present]),
        s[1], s[2])
    }
  }
}
write.csv(do.call(rbind, out), args[2], row.names = FALSE)

# lmerTest's contest on the crossed mixed model of the balanced 2 x 2 designs: y ~ A*B (contr.sum) + (1|family) +
# (1|family:A) + (1|family:B) + (1|family:A:B) + (1|filler) on the family x filler table; with one filler per cell,
# fitted on the cell means without (1|filler) (the residual is then family:A:B). Main effects and interactions only:
# a cell effect (alpha + beta + gamma) mixes the family:A, family:B and family:A:B parts, which the per-contrast
# variance estimates together (with their covariance) and the mixed model separately, so they differ.
lmerRows <- list()
for (design in c("balanced_2x2", "balanced_2x2_one_filler")) {
  x <- sims[sims$design == design, ]
  x$A <- factor(x$a); x$B <- factor(x$b)
  contrasts(x$A) <- contr.sum(2); contrasts(x$B) <- contr.sum(2)
  several <- length(unique(x$filler)) > 4
  f <- if (several) {
    score ~ A * B + (1 | family) + (1 | family:A) + (1 | family:B) + (1 | family:A:B) + (1 | filler)
  } else {
    score ~ A * B + (1 | family) + (1 | family:A) + (1 | family:B)
  }
  m <- lmerTest::lmer(f, data = x, REML = TRUE, control = lmerControl(optCtrl = list(xtol_rel = 1e-12, ftol_rel = 1e-14)))
  if (isSingular(m)) stop(design, ": singular fit, a variance component at 0 (REML would not equal ANOVA)")
  message(design, ": ", paste(capture.output(print(VarCorr(m))), collapse = "\n"))
  sgn <- c(1, -1)
  put <- function(kind, a, b, L) {
    r <- lmerTest::contest(m, L, joint = FALSE, ddf = "Satterthwaite")
    lmerRows[[length(lmerRows) + 1]] <<- data.frame(design = design, kind = kind, a = a, b = b, estimate = r$Estimate,
      se = r[["Std. Error"]], df = r$df)
  }
  for (i in 1:2) put("main", paste0("a", i), "", c(0, sgn[i], 0, 0))
  for (j in 1:2) put("main", "", paste0("b", j), c(0, 0, sgn[j], 0))
  for (i in 1:2) for (j in 1:2) put("interaction", paste0("a", i), paste0("b", j), c(0, 0, 0, sgn[i] * sgn[j]))
}
write.csv(do.call(rbind, lmerRows), args[3], row.names = FALSE)
