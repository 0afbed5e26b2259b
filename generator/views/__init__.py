"""What each template needs of an operation, computed once per operation, so templates
never invent a name or build a Python literal themselves.

* :mod:`.api`: the method's signature and the runtime call it makes (``api.py.jinja``);
* :mod:`.docs`: the signature and example call the docs show (``api.md.jinja``, ``README.md.jinja``);
* :mod:`.expectations`: the call a generated test makes, the request it must send and the
  answer it is served (``test_api.py.jinja``).
"""

from .api import ApiView, Arg, api_view, imports_for
from .docs import DocView, doc_view
from .expectations import Expectation, expectation, result_assertions, test_imports

__all__ = [
    "ApiView",
    "Arg",
    "DocView",
    "Expectation",
    "api_view",
    "doc_view",
    "expectation",
    "imports_for",
    "result_assertions",
    "test_imports",
]
