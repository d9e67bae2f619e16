"""Defences at the HTTP edge: the Content-Security-Policy, the client's address, and the throttled staff login.

X-Content-Type-Options and Referrer-Policy come from Django's SecurityMiddleware
(settings.SECURE_CONTENT_TYPE_NOSNIFF, SECURE_REFERRER_POLICY); secure cookies
from NEWSBRIEF_TLS in settings.py.
"""

from __future__ import annotations

import ipaddress

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import reverse
from django.utils.crypto import salted_hmac

from newsbrief import config

# No 'unsafe-inline' anywhere: the site runs no script at all, so an injected <script>,
# on* handler or javascript: link is refused by the browser even if it reached a page.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",  # Swagger UI's icons are data: images; an image cannot run script
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy to every response, static files and the admin included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


def _within(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind a trusted proxy the nearest X-Forwarded-For hop it added."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = config.value("NEWSBRIEF_TRUSTED_PROXIES")
    if not remote or not _within(remote, proxies):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    # Read from the right: hops left of the first untrusted one were written by the client and may be forged.
    for hop in reversed(hops):
        if not _within(hop, proxies):
            return hop
    return hops[0] if hops else remote


def client_within(request, networks) -> bool:
    """Whether the client's address (as client_ip reads it) lies in one of the networks."""
    address = client_ip(request)
    return bool(address) and _within(address, networks)


IPV6_THROTTLE_PREFIX = 64  # one subscriber's network: a host given a /64 can use any address in it


def _throttled_network(address: str | None) -> str:
    """What the login throttle counts against: an IPv4 address, or the /64 network of an IPv6 one."""
    try:
        ip = ipaddress.ip_address((address or "").split("%")[0])
    except ValueError:
        return address or ""
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_THROTTLE_PREFIX}", strict=False))
    return str(ip)


def _failures_key(request) -> str:
    # Keyed by a keyed hash: the cache never holds an address in the clear.
    network = _throttled_network(client_ip(request))
    return "newsbrief:login-failures:" + salted_hmac("login-throttle", network).hexdigest()


def _lockout_seconds() -> int:
    return config.value("NEWSBRIEF_LOGIN_LOCKOUT_MINUTES") * 60


@receiver(user_login_failed, dispatch_uid="newsbrief.count_login_failure")
def count_login_failure(sender, credentials, request=None, **kwargs):
    """Count a failed login against the client's address for NEWSBRIEF_LOGIN_LOCKOUT_MINUTES."""
    if request is None:
        return
    key = _failures_key(request)
    # The window runs from the first failure: add() starts it, incr() keeps its expiry.
    if not cache.add(key, 1, timeout=_lockout_seconds()):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=_lockout_seconds())


@receiver(user_logged_in, dispatch_uid="newsbrief.forget_login_failures")
def forget_login_failures(sender, request=None, user=None, **kwargs):
    """A successful login clears the client's count."""
    if request is not None:
        cache.delete(_failures_key(request))


class LoginThrottleMiddleware:
    """Refuses admin login attempts (429) from an address with too many recent failures."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == reverse("admin:login"):
            if cache.get(_failures_key(request), 0) >= config.value("NEWSBRIEF_LOGIN_MAX_FAILURES"):
                minutes = config.value("NEWSBRIEF_LOGIN_LOCKOUT_MINUTES")
                return HttpResponse(
                    f"Too many failed logins from your address. Try again in up to {minutes} minutes.\n",
                    status=429,
                    content_type="text/plain; charset=utf-8",
                    headers={"Retry-After": str(_lockout_seconds())},
                )
        return self.get_response(request)
