"""Reference values computed with SciPy/NumPy for the golden tests of verdict-stats.

Run from the repository root:  python3 libs/stats/src/test/golden/scipy_reference.py
(SciPy 1.17.1, NumPy 2.4.x). Prints one line per case; the bootstrap cases also write SciPy's own bootstrap
replicates to libs/stats/src/test/resources/golden/ so the Java interval code is checked on identical replicates.
"""
import os

import numpy as np
from scipy import stats

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "golden")


def gen(n, a, scale, shift, one_decimal=False):
    i = np.arange(1, n + 1, dtype=float)
    v = scale * np.fmod(i * a, 1.0) + shift
    if one_decimal:
        v = np.floor(v * 10) / 10
    return v


def f(v):
    return ", ".join("%.17g" % x for x in np.atleast_1d(v))


A, B = 0.6180339887498949, 0.7548776662466927

# --- SRM: chi-square goodness of fit -------------------------------------------------------------
for name, obs, w in [("srm_50_50_ok", [50_120, 49_880], [0.5, 0.5]),
                     ("srm_49_51", [49_000, 51_000], [0.5, 0.5]),
                     ("srm_three_arms", [20_310, 19_950, 59_740], [0.2, 0.2, 0.6])]:
    obs = np.array(obs, dtype=float)
    w = np.array(w)
    exp = obs.sum() * w / w.sum()
    r = stats.chisquare(obs, exp)
    print(f"{name}: chi2={f(r.statistic)} p={f(r.pvalue)}")

# --- Welch (cross-check of the R values) ---------------------------------------------------------
x = gen(40, A, 3, 10)
y = gen(55, B, 5, 9)
r = stats.ttest_ind(x, y, equal_var=False)
ci = r.confidence_interval(0.95)
print(f"welch_40_55: t={f(r.statistic)} df={f(r.df)} p={f(r.pvalue)} ci=[{f(ci.low)}, {f(ci.high)}]")

# --- Mann-Whitney p-values (cross-check of the R values) ----------------------------------------
x1 = np.array([0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46])
y1 = np.array([1.15, 0.88, 0.90, 0.74, 1.21])
print(f"mw_exact: p={f(stats.mannwhitneyu(x1, y1, method='exact').pvalue)}")
x2 = np.array([1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30])
y2 = np.array([0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29])
print(f"mw_ties_asymptotic: p={f(stats.mannwhitneyu(x2, y2, method='asymptotic', use_continuity=True).pvalue)}")

# --- Relative lift, delta method (formula evaluated in NumPy) ------------------------------------
t = gen(300, A, 4, 20)
c = gen(280, B, 4, 19.5)
mt, mc = t.mean(), c.mean()
vt, vc = t.var(ddof=1) / t.size, c.var(ddof=1) / c.size
ratio = mt / mc
se = np.sqrt(vt / mc**2 + ratio**2 * vc / mc**2)
z = stats.norm.ppf(0.975)
lift = ratio - 1
print(f"lift_300_280: lift={f(lift)} se={f(se)} p={f(2 * stats.norm.sf(abs(lift / se)))} "
      f"ci=[{f(lift - z * se)}, {f(lift + z * se)}]")

# --- CUPED: theta pooled, Welch on adjusted values -----------------------------------------------
xt = gen(120, A, 10, 50)
yt = 0.8 * xt + gen(120, B, 6, 3)
xc = gen(110, 0.5698402909980532, 10, 50)
yc = 0.8 * xc + gen(110, 0.4142135623730950, 6, 2)
ya, xa = np.concatenate([yt, yc]), np.concatenate([xt, xc])
theta = np.cov(ya, xa, ddof=1)[0, 1] / np.var(xa, ddof=1)
adj_t = yt - theta * (xt - xa.mean())
adj_c = yc - theta * (xc - xa.mean())
r = stats.ttest_ind(adj_t, adj_c, equal_var=False)
ci = r.confidence_interval(0.95)
red = 1 - np.var(np.concatenate([adj_t, adj_c]), ddof=1) / np.var(ya, ddof=1)
print(f"cuped: theta={f(theta)} est={f(adj_t.mean() - adj_c.mean())} t={f(r.statistic)} p={f(r.pvalue)} "
      f"ci=[{f(ci.low)}, {f(ci.high)}] reduction={f(red)}")

# --- Descriptive ---------------------------------------------------------------------------------
d = gen(37, A, 100, -20)
print(f"percentiles_37: {f(np.percentile(d, [0, 1, 5, 25, 50, 75, 90, 95, 99, 100], method='linear'))}")
print(f"mean_var_cv_37: mean={f(d.mean())} var={f(d.var(ddof=1))} cv={f(stats.variation(d, ddof=1))}")
print(f"percentiles_even_4: {f(np.percentile([4.0, 1.0, 3.0, 2.0], [10, 50, 90]))}")
ratios = 0.9 + gen(12, B, 0.2, 0)
g = stats.gmean(ratios)
lg = np.log(ratios)
se = lg.std(ddof=1) / np.sqrt(lg.size)
tq = stats.t.ppf(0.975, lg.size - 1)
print(f"gmean_12: gmean={f(g)} ci=[{f(np.exp(lg.mean() - tq * se))}, {f(np.exp(lg.mean() + tq * se))}]")

# --- Bootstrap: SciPy's BCa and percentile on SciPy's replicates ---------------------------------
def ratio_means(a, b, axis=-1):
    return np.mean(a, axis=axis) / np.mean(b, axis=axis)


def ratio_medians(a, b, axis=-1):
    return np.median(a, axis=axis) / np.median(b, axis=axis)


bx = gen(25, A, 4, 10)
by = gen(30, B, 4, 9)
for name, stat in [("ratio_of_means", ratio_means), ("ratio_of_medians", ratio_medians)]:
    for method in ["BCa", "percentile"]:
        res = stats.bootstrap((bx, by), stat, n_resamples=999, method=method, vectorized=True,
                              rng=np.random.default_rng(20240607), confidence_level=0.95)
        print(f"bootstrap_{name}_{method}: ci=[{f(res.confidence_interval.low)}, {f(res.confidence_interval.high)}]"
              f" se={f(res.standard_error)}")
        if method == "BCa":
            # the same rng seed gives the same replicates for both methods
            np.savetxt(os.path.join(OUT, f"bootstrap_{name}.txt"), res.bootstrap_distribution, fmt="%.17g")
