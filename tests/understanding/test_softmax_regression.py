"""The softmax-regression trainer reaches the same optimum as scikit-learn's."""

import numpy as np
import pytest
import scipy.sparse
from sklearn.linear_model import LogisticRegression

from understanding import softmax_regression


def _problem(seed: int, samples: int = 300, features: int = 40, classes: int = 4):
    rng = np.random.default_rng(seed)
    dense = rng.random((samples, features)) * (rng.random((samples, features)) < 0.2)
    truth = rng.normal(size=(features, classes)) * 3
    targets = np.argmax(dense @ truth + rng.normal(size=(samples, classes)), axis=1)
    return scipy.sparse.csr_matrix(dense), targets


def _probabilities(features, coef, intercept):
    scores = features @ coef.T + intercept
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("seed, c", [(0, 1.0), (1, 30.0), (2, 0.1)])
def test_matches_scikit_learns_multinomial_logistic_regression(seed, c):
    features, targets = _problem(seed)
    reference = LogisticRegression(C=c, max_iter=10000, tol=1e-8).fit(features, targets)
    coef, intercept = softmax_regression.fit(features, targets, 4, c=c, max_iter=2000, tol=1e-7)
    ours = _probabilities(features, coef, intercept)
    theirs = reference.predict_proba(features)
    assert np.abs(ours - theirs).max() < 2e-3
    assert (ours.argmax(axis=1) == theirs.argmax(axis=1)).mean() > 0.99


def test_returns_float32_arrays_of_the_right_shape():
    features, targets = _problem(3)
    coef, intercept = softmax_regression.fit(features, targets, 4, c=1.0, max_iter=50)
    assert coef.shape == (4, 40) and coef.dtype == np.float32
    assert intercept.shape == (4,) and intercept.dtype == np.float32


def test_a_class_with_no_examples_gets_low_probability():
    features, targets = _problem(4)
    targets = np.where(targets == 3, 0, targets)  # class 3 never seen
    coef, intercept = softmax_regression.fit(features, targets, 4, c=1.0, max_iter=500)
    assert _probabilities(features, coef, intercept)[:, 3].max() < 0.05


def test_max_iter_bounds_the_work():
    features, targets = _problem(5)
    early = softmax_regression.fit(features, targets, 4, c=30.0, max_iter=1, tol=0)
    late = softmax_regression.fit(features, targets, 4, c=30.0, max_iter=300, tol=0)
    assert not np.allclose(early[0], late[0])
