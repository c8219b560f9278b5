"""The verdict of an experiment (issue 16 #3): which variant draws a response from more of the people who saw it.

A pure function of the counts: for each variant, `reached` people who saw it and `responded` of them who reacted,
replied or clicked one of its links. The maths, and why:

- Each variant's response rate gets a Beta-Binomial posterior from a uniform Beta(1, 1) prior: after `s`
  responses from `n` people it is Beta(1 + s, 1 + n − s). Its mean is (1 + s) / (2 + n); its 95% credible
  interval is the 2.5% and 97.5% quantiles of that Beta (scipy.stats.beta.ppf).
- P(best) — the probability that a variant's true rate is the highest — and its expected loss — how many
  points of response rate one gives up on average by choosing it, E[max_j p_j − p_i] — are estimated by Monte
  Carlo: DRAWS draws from every posterior with numpy's generator seeded with SEED, so the same counts always give
  the same verdict (and the page does not change on reload). With 200,000 draws the standard error of a P(best)
  near 0.95 is about 0.0005.
- No verdict before the minimum sample: every variant seen by at least MIN_REACH people, and the experiment
  running for MIN_DAYS days or ended by its author. Before that the page says it is too early, and why.
- A winner is called when one variant has P(best) ≥ WIN_PROBABILITY (0.95). Otherwise the verdict is "no
  difference yet" — also when the minimum is met — and the page says so plainly. The expected loss is shown for
  each variant as what choosing it would cost; it does not call a winner on its own.
"""

from dataclasses import dataclass, field

import numpy as np
from scipy.stats import beta

PRIOR_A, PRIOR_B = 1, 1  # the uniform prior
DRAWS = 200_000
SEED = 16  # fixed: the same counts always give the same P(best) and expected loss
CREDIBLE = 0.95
MIN_REACH = 20  # people who saw each variant, at least, before any verdict
MIN_DAYS = 7  # days running, unless the author ended the experiment
WIN_PROBABILITY = 0.95

TOO_EARLY, WINNER, NO_DIFFERENCE = "too_early", "winner", "no_difference"


@dataclass
class Arm:
    label: str
    reached: int
    responded: int


@dataclass
class ArmResult:
    label: str
    reached: int
    responded: int
    rate: float | None  # responded / reached, as observed
    mean: float  # the posterior mean
    low: float  # the 95% credible interval
    high: float
    p_best: float
    expected_loss: float


@dataclass
class Verdict:
    state: str  # TOO_EARLY, WINNER or NO_DIFFERENCE
    arms: list[ArmResult]
    winner: str | None = None
    sentences: list[str] = field(default_factory=list)  # the verdict in plain words, for the page
    min_reach: int = MIN_REACH
    min_days: int = MIN_DAYS
    win_probability: float = WIN_PROBABILITY

    @property
    def best(self) -> ArmResult | None:
        return max(self.arms, key=lambda a: a.p_best) if self.arms else None


def posterior(responded: int, reached: int) -> tuple[int, int]:
    """The Beta(a, b) posterior of a response rate after `responded` of `reached` people responded."""
    if reached < 0 or not 0 <= responded <= reached:
        raise ValueError(f"responded ({responded}) must be between 0 and reached ({reached})")
    return PRIOR_A + responded, PRIOR_B + reached - responded


def credible_interval(a: float, b: float, level: float = CREDIBLE) -> tuple[float, float]:
    tail = (1 - level) / 2
    return float(beta.ppf(tail, a, b)), float(beta.ppf(1 - tail, a, b))


def best_and_loss(params: list[tuple[int, int]], *, draws: int = DRAWS, seed: int = SEED) -> tuple[list[float], list[float]]:
    """P(best) and expected loss of each Beta(a, b), by Monte Carlo with a seeded generator."""
    rng = np.random.default_rng(seed)
    samples = np.column_stack([rng.beta(a, b, size=draws) for a, b in params])
    best = np.bincount(np.argmax(samples, axis=1), minlength=len(params)) / draws
    top = samples.max(axis=1)
    loss = (top[:, None] - samples).mean(axis=0)
    return [float(p) for p in best], [float(x) for x in loss]


def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


def chance_words(p: float) -> str:
    """A probability in words that never claims certainty: 99.96% is "more than 99%"."""
    if p > 0.99:
        return "more than 99%"
    if p < 0.01:
        return "less than 1%"
    return _pct(p)


def points_words(loss: float) -> str:
    """An expected loss (a share of people) in points of response rate: 0.0123 → "1.2 points"."""
    return "less than 0.1 points" if 100 * loss < 0.1 else f"{100 * loss:.1f} points"


def _others(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def verdict(arms: list[Arm], *, days_running: float, ended: bool) -> Verdict:
    """The verdict on `arms` (2 to 4 variants) after `days_running` days; `ended` when the author ended it."""
    if not 2 <= len(arms) <= 4:
        raise ValueError("An experiment has 2 to 4 variants.")
    params = [posterior(a.responded, a.reached) for a in arms]
    p_best, loss = best_and_loss(params)
    results = []
    for arm, (a, b), p, x in zip(arms, params, p_best, loss, strict=True):
        low, high = credible_interval(a, b)
        results.append(ArmResult(label=arm.label, reached=arm.reached, responded=arm.responded,
                                 rate=arm.responded / arm.reached if arm.reached else None,
                                 mean=a / (a + b), low=low, high=high, p_best=p, expected_loss=x))
    short = [r for r in results if r.reached < MIN_REACH]
    if short or not (ended or days_running >= MIN_DAYS):
        v = Verdict(state=TOO_EARLY, arms=results)
        why = []
        if short:
            which = _others([f"{r.label} by {r.reached}" for r in short])
            why.append(f"each variant needs to be seen by at least {MIN_REACH} people before we compare them "
                       f"(so far {which})")
        if not (ended or days_running >= MIN_DAYS):
            why.append(f"the experiment needs to run for {MIN_DAYS} days, or be ended by you, so that people who "
                       "look in less often are counted too")
        v.sentences = ["It is too early to say which variant works better: " + "; and ".join(why) + "."]
        if short and ended:
            v.sentences.append("The experiment has ended, so this is where it stays: with so few people, any "
                               "difference could be chance.")
        return v
    top = max(results, key=lambda r: r.p_best)
    rest = [r for r in results if r is not top]  # in label order
    rates = _others([f"{_pct(r.rate)} for {r.label}" for r in rest])
    seen = (f"Variant {top.label} drew a response from {_pct(top.rate)} of the people who saw it, "
            f"against {rates}.")
    interval = (f"The response rate of {top.label} is most likely between {_pct(top.low)} and {_pct(top.high)} "
                f"(a 95% credible interval).")
    if top.p_best >= WIN_PROBABILITY:
        v = Verdict(state=WINNER, arms=results, winner=top.label)
        v.sentences = [
            seen,
            f"There is a {chance_words(top.p_best)} chance that {top.label} is better than "
            f"{_others([r.label for r in rest])}: choosing it, you would give up on average "
            f"{points_words(top.expected_loss)} of response rate, if it were not the best after all.",
            interval,
        ]
        return v
    v = Verdict(state=NO_DIFFERENCE, arms=results)
    v.sentences = [
        seen,
        f"The chance that {top.label} is really the best is {chance_words(top.p_best)}; we call a winner only at "
        f"{_pct(WIN_PROBABILITY)}. The difference could well be chance: the variants may work about as well as "
        "each other, or more people need to see them to tell.",
    ]
    return v
