"""Response headers that keep the pages safe in a browser (OWASP ASVS level 2 as the reference)."""

from __future__ import annotations

from flask import Flask, request

# Only this site's own files; no inline script, no third party, no framing. Data blocks
# (<script type="application/json">) are not executed and so need no exception.
CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'none'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    )
)
HSTS = "max-age=63072000; includeSubDomains"


def init_app(app: Flask) -> None:
    @app.after_request
    def _security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        # same-origin keeps the Referer that CSRF checks over HTTPS, and sends nothing to other sites.
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        if app.config.get("PRODUCTION") or request.is_secure:
            headers.setdefault("Strict-Transport-Security", HSTS)
        if request.endpoint and not request.endpoint.endswith("static"):
            # Pages may hold a story or a withdrawal code: never in a shared cache or the back-forward cache.
            headers.setdefault("Cache-Control", "no-store")
        return response
