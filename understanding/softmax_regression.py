"""Multinomial logistic regression (softmax) on sparse features, fitted with L-BFGS.

The same model and objective as scikit-learn's
`LogisticRegression(multi_class="multinomial", solver="lbfgs", C=c)`:

    minimise  C * sum_i -log softmax(x_i W + b)[y_i]  +  ||W||^2 / 2   (b not penalised)

Why not scikit-learn's solver: its L-BFGS goes through scipy's L-BFGS-B, which
builds and checks a bounds list in Python for every parameter (features x
intents, millions here) on each fit, and its loss works in float64 with a
transposed copy of the data per call. On this project's training data that was
most of `rasa train` (docs/performance.md has the figures). This version keeps
the data in float32, transposes it once, and runs the standard two-loop
L-BFGS recursion in numpy; tests/understanding/test_softmax_regression.py
checks that it reaches scikit-learn's optimum.
"""

from __future__ import annotations

from collections import deque
from typing import Deque, Tuple

import numpy as np
import scipy.sparse

# Armijo's sufficient-decrease constant for the backtracking line search.
_ARMIJO = 1e-4
# Stop when a step lowers the loss by less than this fraction of it (as
# scipy's L-BFGS-B `ftol`); it ends the fit where float32 arithmetic can no
# longer reach the gradient tolerance.
_FTOL = 1e-7


def _loss_and_gradient(
    features: scipy.sparse.csr_matrix,
    features_t: scipy.sparse.csr_matrix,
    one_hot: np.ndarray,
    params: np.ndarray,
    penalty: float,
) -> Tuple[float, np.ndarray]:
    """The objective divided by C * n (better scaled for float32), and its gradient."""
    n = features.shape[0]
    weights, intercept = params[:-1], params[-1]
    scores = features @ weights + intercept
    scores -= scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    total = exp.sum(axis=1, keepdims=True)
    log_likelihood = (scores * one_hot).sum() - np.log(total).sum()
    loss = -float(log_likelihood) / n + 0.5 * penalty * float(np.vdot(weights, weights))
    residual = (exp / total - one_hot) / n
    gradient = np.empty_like(params)
    gradient[:-1] = features_t @ residual + penalty * weights
    gradient[-1] = residual.sum(axis=0)
    return loss, gradient


def fit(
    features: scipy.sparse.spmatrix,
    targets: np.ndarray,
    n_classes: int,
    c: float,
    max_iter: int,
    tol: float = 1e-4,
    memory: int = 10,
) -> Tuple[np.ndarray, np.ndarray]:
    """Fit the model.

    Args:
        features: (samples, features) sparse matrix.
        targets: (samples,) class indices in [0, n_classes).
        n_classes: number of classes (at least two).
        c: inverse regularisation strength, as scikit-learn's C.
        max_iter: most L-BFGS iterations.
        tol: stop when the largest gradient component (of the objective
            divided by C * samples) falls below this.
        memory: L-BFGS history length.

    Returns:
        coef (n_classes, features) and intercept (n_classes,), float32.
    """
    features = scipy.sparse.csr_matrix(features, dtype=np.float32)
    features_t = features.T.tocsr()
    n_samples, n_features = features.shape
    one_hot = np.zeros((n_samples, n_classes), dtype=np.float32)
    one_hot[np.arange(n_samples), targets] = 1.0
    penalty = 1.0 / (c * n_samples)

    params = np.zeros((n_features + 1, n_classes), dtype=np.float32)
    loss, gradient = _loss_and_gradient(features, features_t, one_hot, params, penalty)
    history: Deque[Tuple[np.ndarray, np.ndarray, float]] = deque(maxlen=memory)
    for _ in range(max_iter):
        if float(np.abs(gradient).max()) < tol:
            break
        direction = _two_loop(gradient, history)
        slope = float(np.vdot(gradient, direction))
        if slope >= 0:  # not a descent direction (numerical noise): restart
            history.clear()
            direction, slope = -gradient, -float(np.vdot(gradient, gradient))
        step = 1.0 if history else 1.0 / max(float(np.abs(gradient).sum()), 1.0)
        for _ in range(30):
            candidate = params + step * direction
            new_loss, new_gradient = _loss_and_gradient(
                features, features_t, one_hot, candidate, penalty
            )
            if new_loss <= loss + _ARMIJO * step * slope:
                break
            step *= 0.5
        else:
            break  # no decrease along the direction: at the optimum within float32
        s, y = candidate - params, new_gradient - gradient
        curvature = float(np.vdot(s, y))
        if curvature > 1e-10:
            history.append((s, y, 1.0 / curvature))
        converged = (loss - new_loss) <= _FTOL * max(abs(loss), abs(new_loss), 1.0)
        params, loss, gradient = candidate, new_loss, new_gradient
        if converged:
            break  # the loss no longer moves: float32 cannot resolve a smaller gradient
    return np.ascontiguousarray(params[:-1].T), params[-1].copy()


def _two_loop(gradient: np.ndarray, history: Deque[Tuple[np.ndarray, np.ndarray, float]]):
    """The L-BFGS direction: minus the inverse-Hessian estimate times the gradient."""
    q = gradient.copy()
    alphas = []
    for s, y, rho in reversed(history):
        alpha = rho * float(np.vdot(s, q))
        q -= alpha * y
        alphas.append(alpha)
    if history:
        s, y, _ = history[-1]
        q *= float(np.vdot(s, y)) / float(np.vdot(y, y))
    for (s, y, rho), alpha in zip(history, reversed(alphas), strict=True):
        beta = rho * float(np.vdot(y, q))
        q += (alpha - beta) * s
    return -q
