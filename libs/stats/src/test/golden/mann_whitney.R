# Reference values for MannWhitneyGoldenTest.
# Run from the repository root:  Rscript libs/stats/src/test/golden/mann_whitney.R
# R 4.2.2, stats::wilcox.test. tol.root = 1e-12 makes uniroot converge onto the step of the
# (step-function) statistic, i.e. the exact bound that verdict-stats computes; R's default 1e-4 stops earlier.
gen <- function(n, a, scale, shift, digits = FALSE) {
  v <- scale * ((seq_len(n) * a) %% 1) + shift
  if (digits) v <- floor(v * 10) / 10
  v
}
fmt <- function(v) paste(sprintf("%.17g", v), collapse = ", ")
show <- function(name, x, y, ...) {
  r <- suppressWarnings(wilcox.test(x, y, conf.int = TRUE, tol.root = 1e-12, ...))
  d <- outer(x, y, "-")
  cat(sprintf("%s: W=%s p=%s ci=[%s] est=%s hl_median=%s level=%s method=%s\n", name,
              fmt(r$statistic), fmt(r$p.value), fmt(r$conf.int), fmt(r$estimate),
              fmt(median(d)), fmt(attr(r$conf.int, "conf.level")), r$method))
}
x1 <- c(0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46)
y1 <- c(1.15, 0.88, 0.90, 0.74, 1.21)
show("exact_two_sided", x1, y1)
show("exact_less", x1, y1, alternative = "less")
show("exact_greater", x1, y1, alternative = "greater", conf.level = 0.9)
x2 <- c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30)
y2 <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29)
show("ties_two_sided", x2, y2)
show("ties_greater", x2, y2, alternative = "greater")
show("ties_no_correction", x2, y2, correct = FALSE)
x3 <- gen(60, 0.6180339887498949, 10, 0); y3 <- gen(70, 0.7548776662466927, 10, 0.5)
show("normal_60_70", x3, y3)
x4 <- gen(200, 0.6180339887498949, 10, 0, TRUE); y4 <- gen(150, 0.7548776662466927, 10, 0.5, TRUE)
show("heavy_ties_200_150", x4, y4)
show("heavy_ties_200_150_less", x4, y4, alternative = "less", conf.level = 0.99)
x5 <- gen(1000, 0.6180339887498949, 10, 0); y5 <- gen(1000, 0.7548776662466927, 10, 0.3)
show("normal_1000_1000", x5, y5)
show("n1_exact", c(3.2), c(1.1, 2.5, 4.0))
# R cannot compute an interval when both samples are constant (uniroot on NaN); only the test itself:
r <- wilcox.test(rep(5, 8), rep(3, 6))
cat(sprintf("constant_different: W=%s p=%s method=%s\n", fmt(r$statistic), fmt(r$p.value), r$method))
r <- wilcox.test(rep(5, 8), rep(5, 6))
cat(sprintf("all_identical: W=%s p=%s\n", fmt(r$statistic), fmt(r$p.value)))
show("forced_normal_small", x1, y1, exact = FALSE)
