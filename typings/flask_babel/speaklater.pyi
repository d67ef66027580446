# Flask-Babel 4.0: a string translated when it is used.
#
# At run time LazyString is not a str subclass: it is a proxy that hands every str operation to the translated
# text (``__getattr__``), and Jinja, MarkupSafe and WTForms turn it into text when they render it. It is declared
# a str here because that is how the project uses it, chiefly as WTForms labels, choices and messages, which
# WTForms' stubs take as ``str``. What a proxy cannot do (``isinstance(x, str)``, json, a database column)
# takes ``str(x)`` first.
from collections.abc import Callable
from typing import Any

class LazyString(str):
    def __init__(self, func: Callable[..., str], *args: Any, **kwargs: Any) -> None: ...
    def __getattr__(self, attr: str) -> Any: ...
    def __html__(self) -> str: ...
