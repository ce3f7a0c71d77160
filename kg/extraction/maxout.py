"""thinc's ``Maxout`` layer at inference, the largest piece taken by numpy: the same numbers, sooner.

The small pipelines' token-to-vector networks (the shared ``tok2vec`` and the NER's own) are five
``Maxout`` layers each: one product ``Y = X @ W.T + b`` (96 outputs x 3 pieces), then the largest
of each output's pieces, which thinc picks with a scalar C loop that also records which piece won
(for training): 8 ms for a batch of 8 articles' 8,000 tokens, nearly as long as the product
itself.

:func:`forward` (for ``is_train=False`` only; training goes to thinc's own) computes the same
product and takes the largest piece with numpy's vectorised ``maximum`` (3 ms). Exact by
construction: thinc's kernel (``cpu_kernels.hh``) returns the earliest of the largest pieces;
``maximum`` returns one of the largest, the same value, and two equal floats have the same bits
unless they are zeros of opposite signs. So when a result is zero, or not a number, the batch
goes to thinc's own kernel instead. ``tests/extraction/test_speedups.py`` compares every
annotation with the shipped pipeline's on real articles, and the networks' outputs bit for bit.

>>> import numpy as np
>>> from thinc.api import Maxout
>>> layer = Maxout(nO=2, nI=3, nP=3).initialize()
>>> X = np.arange(12, dtype="f").reshape(4, 3) - 5
>>> bool((forward(layer, X, is_train=False)[0].view("i4") == layer.predict(X).view("i4")).all())
True
"""

from __future__ import annotations

import numpy


def largest(Z):
    """``ops.maxout(Z)[0]`` for ``Z`` of shape (rows, outputs, pieces): each output's largest piece.

    >>> import numpy as np
    >>> Z = np.array([[[1, 2, 0], [0, -0.0, 0]]], dtype="f")
    >>> [str(x) for x in largest(Z)[0]]
    ['2.0', '0.0']
    """
    best = numpy.maximum(Z[:, :, 0], Z[:, :, 1]) if Z.shape[2] > 1 else Z[:, :, 0].copy()
    for p in range(2, Z.shape[2]):
        numpy.maximum(best, Z[:, :, p], out=best)
    if best.size and not numpy.abs(best).min() > 0:     # a zero (its sign) or a NaN: thinc decides
        from thinc.api import NumpyOps
        return NumpyOps().maxout(numpy.ascontiguousarray(Z))[0]
    return best


def forward(model, X, is_train: bool):
    """``thinc.layers.maxout.forward``; at inference, the largest piece by :func:`largest`."""
    if is_train or model.ops.xp is not numpy or X.dtype != numpy.float32:
        from thinc.layers.maxout import forward as thincs
        return thincs(model, X, is_train)
    nO, nP, nI = model.get_dim("nO"), model.get_dim("nP"), model.get_dim("nI")
    W = model.ops.reshape2f(model.get_param("W"), nO * nP, nI)
    Y = model.ops.gemm(X, W, trans2=True)
    Y += model.ops.reshape1f(model.get_param("b"), nO * nP)
    best = largest(model.ops.reshape3f(Y, Y.shape[0], nO, nP))

    def backprop(d_best):
        raise NotImplementedError("kg's Maxout forward is for inference; train with thinc's own")

    return best, backprop


def install(nlp) -> list[str]:
    """Give every ``Maxout`` layer of ``nlp``'s components :func:`forward`; the names of the
    components with such layers. A layer whose forward is not thinc's own is left alone."""
    from thinc.layers.maxout import forward as thincs

    names = []
    for name, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        nodes = [n for n in model.walk() if n.name == "maxout" and n._func is thincs]
        for node in nodes:
            node._func = forward
        if nodes:
            names.append(name)
    return names
