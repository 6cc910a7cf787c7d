# Reference values from R for the golden tests of verdict-stats (everything except Mann-Whitney, see
# mann_whitney.R). Run from the repository root:  Rscript libs/stats/src/test/golden/r_reference.R
gen <- function(n, a, scale, shift, digits = FALSE) {
  v <- scale * ((seq_len(n) * a) %% 1) + shift
  if (digits) v <- floor(v * 10) / 10
  v
}
fmt <- function(v) paste(sprintf("%.17g", v), collapse = ", ")
A <- 0.6180339887498949; B <- 0.7548776662466927

# Welch t-test
x <- gen(40, A, 3, 10); y <- gen(55, B, 5, 9)
for (alt in c("two.sided", "less", "greater")) {
  r <- t.test(x, y, alternative = alt, conf.level = if (alt == "two.sided") 0.95 else 0.9)
  cat(sprintf("welch_%s: t=%s df=%s p=%s ci=[%s] est=%s\n", alt, fmt(r$statistic), fmt(r$parameter),
              fmt(r$p.value), fmt(r$conf.int), fmt(r$estimate[1] - r$estimate[2])))
}
r <- t.test(c(1, 2), c(10, 12, 15))
cat(sprintf("welch_tiny: t=%s df=%s p=%s ci=[%s]\n", fmt(r$statistic), fmt(r$parameter), fmt(r$p.value), fmt(r$conf.int)))
r <- t.test(gen(500, A, 1, 0), gen(400, B, 1, 0.2))
cat(sprintf("welch_small_p: t=%s df=%s p=%s ci=[%s]\n", fmt(r$statistic), fmt(r$parameter), fmt(r$p.value), fmt(r$conf.int)))

# Two proportions (no continuity correction = pooled z-test, unpooled Wald interval)
for (case in list(list("prop_basic", c(130, 110), c(1000, 1000), "two.sided"),
                  list("prop_unequal", c(45, 300), c(400, 3100), "two.sided"),
                  list("prop_greater", c(130, 110), c(1000, 1000), "greater"),
                  list("prop_less", c(30, 31), c(40, 35), "less"))) {
  r <- prop.test(case[[2]], case[[3]], correct = FALSE, alternative = case[[4]])
  cat(sprintf("%s: X2=%s p=%s ci=[%s]\n", case[[1]], fmt(r$statistic), fmt(r$p.value), fmt(r$conf.int)))
}

# Multiple testing
p <- c(0.01, 0.04, 0.03, 0.005, 0.5, 0.04, 0.2, 0.0001)
cat(sprintf("holm: %s\n", fmt(p.adjust(p, "holm"))))
cat(sprintf("bh: %s\n", fmt(p.adjust(p, "BH"))))

# Quantiles, type 7 (R's default)
d <- gen(37, A, 100, -20)
cat(sprintf("quantile7_37: %s\n", fmt(quantile(d, c(0, .01, .05, .25, .5, .75, .9, .95, .99, 1), type = 7))))
cat(sprintf("iqr_37: %s\n", fmt(IQR(d))))
cat(sprintf("var_37: %s sd=%s\n", fmt(var(d)), fmt(sd(d))))

# Normal-mixture confidence sequence (Howard et al. 2021, eq. 14) for t observations of variance s2 with
# rho, and the matching mSPRT likelihood ratio of Johari et al. (tau2 = s2^2 / rho), evaluated from the paper's
# formulas in the papers' own parametrisations.
for (case in list(c(10, 4, 25, 0.3), c(1000, 2.5, 300, 0.3), c(50000, 0.01, 1e-3, 0.002))) {
  t <- case[1]; s2 <- case[2]; rho <- case[3]; est <- case[4]; alpha <- 0.05
  bound <- sqrt((t * s2 + rho) * log((t * s2 + rho) / (rho * alpha^2)))
  tau2 <- s2^2 / rho; V <- s2  # Johari: n observations of a difference with variance V
  lambda <- sqrt(V / (V + t * tau2)) * exp(t^2 * tau2 * est^2 / (2 * V * (V + t * tau2)))
  cat(sprintf("cs_t%s: halfwidth=%s lambda=%s\n", fmt(t), fmt(bound / t), fmt(lambda)))
}
