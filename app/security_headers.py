"""The security headers of the site's responses: the policy every page gets (``DEFAULT_POLICY``, set by the
factory), and the ``sandbox`` that a response serving what users uploaded carries when it comes from the site's
own origin (``sandbox``): opened as a page (a package's pages, or a photo that is also HTML), such a file runs in
an opaque origin and can neither read the site's cookies nor call its pages with the viewer's session.
"""

from __future__ import annotations

from werkzeug.wrappers import Response

DEFAULT_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"
"""The Content-Security-Policy of every response that does not set its own."""


def sandbox(response: Response, *, allow: tuple[str, ...] = (), policy: str = DEFAULT_POLICY) -> Response:
    """``response`` with ``Content-Security-Policy: sandbox`` (granting the sandbox flags ``allow``, e.g.
    ``allow-scripts``) before ``policy``, and ``nosniff``, so that the browser keeps the content type it was
    served with."""
    response.headers["Content-Security-Policy"] = f"{' '.join(('sandbox', *allow))}; {policy}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
