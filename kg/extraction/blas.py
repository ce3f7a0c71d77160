"""The parser's and NER's per-transition products through numpy's BLAS instead of BLIS.

At every transition spaCy's greedy decoder (Cython, without the GIL) scores the states of the batch
with one small matrix product, ``hiddens @ W.T`` (8 states x 64 hidden units x ~100 actions). It
calls it through a table of function pointers that thinc fills with BLIS's ``sgemm``
(``thinc.backends.cblas.CBlas``, asked of the component model's ``ops.cblas()``), whatever the
ops. For products this small BLIS's own machinery (packing, its thread decorator) costs more than
the arithmetic: 14% of the small English pipeline's time here. :class:`NumpyProducts` gives the
parser and NER models ops whose table points ``sgemm`` at a ctypes callback doing the product with
numpy (OpenBLAS): the same numbers (``tests/extraction/test_speedups.py`` compares every parse and
entity with the shipped pipeline's on real articles in both languages).

The table is written only after checking that it holds exactly BLIS's three functions where
thinc 8.3 keeps them (read back from ``blis.cy``'s exported function capsules); anything else and
the ops are plain ``NumpyOps``. ``KG_SPEEDUPS=0`` turns this and ``kg.extraction.speedups`` off.

>>> import numpy as np
>>> a = np.arange(6, dtype="f").reshape(2, 3); b = np.ones((4, 3), dtype="f"); c = np.zeros((2, 4), dtype="f")
>>> sgemm(0, 1, 2, 4, 3, 1.0, a.ctypes.data, 3, b.ctypes.data, 3, 0.0, c.ctypes.data, 4)
>>> c.tolist()
[[3.0, 3.0, 3.0, 3.0], [12.0, 12.0, 12.0, 12.0]]
"""

from __future__ import annotations

import ctypes

import numpy

MAX_VIEWS = 4096           # prepared operands over the decoder's buffers, kept by their addresses and shapes
_views: dict = {}
_state: dict = {}          # the callback and its address, made once per process


def _view(address: int, rows: int, stride: int):
    buffer = (ctypes.c_float * (rows * stride)).from_address(address)
    return numpy.frombuffer(buffer, dtype=numpy.float32).reshape(rows, stride)


def _operands(trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc):
    """``op(A)``, ``op(B)``, ``C`` as numpy views over the caller's memory (they read it live), and
    the product to write ``op(A) @ op(B)`` into ``C``: ``numpy.dot``, the quickest for these small
    sizes, when ``C`` is contiguous (all the decoders' calls), else ``numpy.matmul``."""
    left = _view(a, k if trans_a else m, lda)
    left = left[:, :m].T if trans_a else left[:, :k]
    right = _view(b, n if trans_b else k, ldb)
    right = right[:, :k].T if trans_b else right[:, :n]
    out = _view(c, m, ldc)[:, :n]
    return left, right, out, (numpy.dot if out.flags.c_contiguous else numpy.matmul)


def sgemm(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) -> None:
    """BLIS's ``sgemm`` as ``blis.cy`` declares it (row-major, leading dimensions in floats, raw
    addresses): ``C = alpha * op(A) @ op(B) + beta * C``. The decoders call it at every step with
    the same few buffers: their views are made once (at most ``MAX_VIEWS``)."""
    key = (trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc)
    operands = _views.get(key)
    if operands is None:
        if len(_views) >= MAX_VIEWS:
            _views.clear()
        operands = _views[key] = _operands(*key)
    left, right, out, product = operands
    if alpha == 1.0 and beta == 0.0:
        product(left, right, out=out)
        return
    result = numpy.matmul(left, right)
    if beta == 0.0:
        out[...] = alpha * result
    else:
        out *= beta
        out += alpha * result


def _callback_address() -> int:
    if "address" not in _state:
        c_float, c_int, c_void = ctypes.c_float, ctypes.c_int, ctypes.c_void_p
        kind = ctypes.CFUNCTYPE(None, c_int, c_int, c_int, c_int, c_int, c_float, c_void, c_int,
                                c_void, c_int, c_float, c_void, c_int)
        _state["callback"] = kind(sgemm)               # kept alive for the process's life
        _state["address"] = ctypes.cast(_state["callback"], ctypes.c_void_p).value
    return _state["address"]


def _blis_functions() -> tuple[int, int, int] | None:
    """The addresses of BLIS's daxpy, saxpy and sgemm, from ``blis.cy``'s exported capsules (read
    once per process: ``_table`` asks at every parse)."""
    if "blis" not in _state:
        _state["blis"] = _read_blis_functions()
    return _state["blis"]


def _read_blis_functions() -> tuple[int, int, int] | None:
    try:
        import blis.cy
        capsules = blis.cy.__pyx_capi__
        name = ctypes.pythonapi.PyCapsule_GetName
        name.restype, name.argtypes = ctypes.c_char_p, [ctypes.py_object]
        pointer = ctypes.pythonapi.PyCapsule_GetPointer
        pointer.restype, pointer.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]
        return tuple(pointer(capsules[f], name(capsules[f])) for f in ("daxpy", "saxpy", "sgemm"))
    except (ImportError, AttributeError, KeyError, ValueError):
        return None


def _table(cblas) -> int | None:
    """The address of ``cblas``'s function table when it holds BLIS's functions where thinc 8.3
    puts them (after the object header, a ``shared_ptr`` to {daxpy, saxpy, sgemm}), else None."""
    expected = _blis_functions()
    if expected is None or type(cblas).__name__ != "CBlas" or cblas.__sizeof__() != 32:
        return None
    table = ctypes.c_void_p.from_address(id(cblas) + 16).value
    if not table or tuple(ctypes.c_void_p.from_address(table + 8 * i).value for i in range(3)) != expected:
        return None
    return table


def products_ops():
    """``NumpyOps`` (numpy's BLAS) whose ``cblas()`` table sends ``sgemm`` to numpy, or plain
    ``NumpyOps`` when the table is not laid out as expected.

    >>> ops = products_ops()
    >>> type(ops).__name__ in ("NumpyProducts", "NumpyOps") and not ops.use_blis
    True
    """
    from thinc.api import NumpyOps

    if "class" not in _state:
        class NumpyProducts(NumpyOps):
            name = "kg-numpy-products"

            def cblas(self):
                cblas = super().cblas()
                table = _table(cblas)
                if table is not None:
                    ctypes.c_void_p.from_address(table + 16).value = _callback_address()
                return cblas

        _state["class"] = NumpyProducts
    probe = NumpyOps(use_blis=False).cblas()
    return (_state["class"] if _table(probe) is not None else NumpyOps)(use_blis=False)


def install(nlp) -> list[str]:
    """Give the transition-based components of ``nlp`` the ops of ``products_ops``; their names
    when the callback is in place."""
    ops = products_ops()
    names = [name for name, c in nlp.pipeline if type(c).__name__ in ("DependencyParser", "EntityRecognizer")
             and getattr(c, "model", None) is not None and type(c.model.ops) is not type(ops)]
    for name in names:
        nlp.get_pipe(name).model.ops = ops
    return names if type(ops).__name__ == "NumpyProducts" else []
