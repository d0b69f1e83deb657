"""Widget views, one module per stage, each a thin class over the library.

A view builds its children in ``__init__`` and never calls ``display()``: a notebook
displays it, a test constructs it, sets ``.value`` on its children and clicks its buttons.
"""
