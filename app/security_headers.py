"""The security headers of the site's responses: the policy every page gets (``DEFAULT_POLICY``, set by the
factory, with ``HSTS`` when the site is served over HTTPS), and the ``sandbox`` that a response serving what users
uploaded carries when it comes from the site's own origin: opened as a page (a package's pages, or a photo that is
also HTML), such a file runs in an opaque origin and can neither read the site's cookies nor call its pages with
the viewer's session.
"""

from __future__ import annotations

from werkzeug.wrappers import Response

DEFAULT_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"
"""The Content-Security-Policy of every response that does not set its own."""

HSTS = "max-age=31536000"
"""The Strict-Transport-Security of every response of a site served over HTTPS (``HOITHI_HTTPS=1``): for a year,
the browser reaches the site by HTTPS alone, so that a network in between (a school's Wi-Fi) cannot answer a first
``http://`` request with a page of its own and keep the session cookie. Not ``includeSubDomains``: the Sở's other
sites under the same domain are not ours to bind."""


def sandbox(response: Response, *, allow: tuple[str, ...] = (), policy: str = DEFAULT_POLICY) -> Response:
    """``response`` with ``Content-Security-Policy: sandbox`` (granting the sandbox flags ``allow``, e.g.
    ``allow-scripts``) before ``policy``, and ``nosniff``, so that the browser keeps the content type it was
    served with."""
    response.headers["Content-Security-Policy"] = f"{' '.join(('sandbox', *allow))}; {policy}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
