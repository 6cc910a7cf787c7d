"""Lan-DeMets boundaries for GroupSequentialDesignGoldenTest, computed independently of our recursive integration:
each boundary solves a multivariate normal rectangle probability (SciPy's Genz integration, corr(Z_i, Z_j) =
sqrt(t_i / t_j)) for the error its look may spend.

Run from the repository root:  python3 libs/stats/src/test/golden/group_sequential_reference.py
(SciPy 1.17.1; takes a few minutes). Prints one line per case.
"""
import numpy as np
from scipy.optimize import brentq
from scipy.stats import multivariate_normal, norm


def spent(kind, alpha, t):
    t = min(t, 1.0)
    if kind == "obf":  # one-sided O'Brien-Fleming-type spending of alpha / 2 per side (gsDesign sfLDOF)
        return 4 * norm.sf(norm.isf(alpha / 4) / np.sqrt(t))
    return alpha * np.log1p((np.e - 1) * t)


def inside(t, c):
    k = len(t)
    if k == 1:
        return norm.cdf(c[0]) - norm.cdf(-c[0])
    cov = np.sqrt(np.minimum.outer(t, t) / np.maximum.outer(t, t))
    mvn = multivariate_normal(np.zeros(k), cov, abseps=1e-11, releps=1e-11, maxpts=2_000_000, seed=1)
    return mvn.cdf(np.array(c), lower_limit=-np.array(c))


def bounds(kind, alpha, t):
    c = []
    for k in range(len(t)):
        before = 1.0 if k == 0 else inside(t[:k], c)
        target = spent(kind, alpha, t[k]) - (0 if k == 0 else spent(kind, alpha, t[k - 1]))
        c.append(brentq(lambda x: (before - inside(t[: k + 1], c + [x])) - target, 0.5, 12, xtol=1e-10))
    return c


for kind in ("obf", "pocock"):
    for t in ([0.2, 0.4, 0.6, 0.8, 1.0], [0.1, 0.35, 0.5, 0.9, 1.0]):
        print(kind, t, " ".join("%.5f" % x for x in bounds(kind, 0.05, t)))

# Pocock's constant at alpha = 0.01 and its maximum-size inflation at power 0.8 (K = 5 equally spaced looks)
t = np.array([0.2, 0.4, 0.6, 0.8, 1.0])
pocock_01 = brentq(lambda c: 1 - inside(list(t), [c] * 5) - 0.01, 2, 4, xtol=1e-10)
pocock_05 = brentq(lambda c: 1 - inside(list(t), [c] * 5) - 0.05, 2, 3, xtol=1e-10)
cov = np.sqrt(np.minimum.outer(t, t) / np.maximum.outer(t, t))


def power(drift):
    mvn = multivariate_normal(drift * np.sqrt(t), cov, abseps=1e-11, releps=1e-11, maxpts=2_000_000, seed=1)
    return 1 - mvn.cdf(np.full(5, pocock_05), lower_limit=np.full(5, -pocock_05))


fixed = norm.ppf(0.975) + norm.ppf(0.8)
drift = brentq(lambda d: power(d) - 0.8, fixed, 2 * fixed, xtol=1e-10)
print("pocock constant alpha 0.01 K 5: %.5f; inflation at power 0.8: %.5f" % (pocock_01, (drift / fixed) ** 2))
