"""Spam defences for the consultation form, with no third-party scripts.

A honeypot field (in forms.py), a signed "form shown at" time checked against a minimum
time to fill, and a per-client limit on stored requests kept in Django's cache (a fixed window:
cache.add then cache.incr, which LocMemCache and RedisCache both do atomically enough).
"""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.core.signing import BadSignature, SignatureExpired, TimestampSigner
from django.utils.crypto import salted_hmac

STARTED_SALT = "pages.consultation.started"
STARTED_MAX_AGE = 60 * 60 * 24  # a form left open overnight gets a fresh stamp, not an error


def sign_started_at(now=None):
    return TimestampSigner(salt=STARTED_SALT).sign(
        str(int(now if now is not None else time.time()))
    )


def seconds_since_started(signed):
    """Seconds since the form was shown, or None when the stamp is missing, forged or stale."""
    try:
        started = int(TimestampSigner(salt=STARTED_SALT).unsign(signed, max_age=STARTED_MAX_AGE))
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return None
    return time.time() - started


def client_address(request):
    """REMOTE_ADDR, unless TRUSTED_PROXY_HOPS says how many X-Forwarded-For entries to trust.

    Each trusted proxy appends the address it saw, so with N hops the client is the Nth entry
    from the right; anything further left was written by the client and could be forged.
    """
    hops = settings.TRUSTED_PROXY_HOPS
    address = request.META.get("REMOTE_ADDR", "")
    if hops > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "unknown"


def rate_limit_key(request):
    # Hashed, so the cache never holds a patient's IP address.
    digest = salted_hmac("pages.consultation.rate", client_address(request)).hexdigest()
    return f"consultation-rate:{digest[:32]}"


def over_rate_limit(request):
    """Count one stored request for this client; True when it is over the limit for the window."""
    key = rate_limit_key(request)
    window = settings.ENQUIRY_RATE_LIMIT_WINDOW
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # the window expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count > settings.ENQUIRY_RATE_LIMIT_COUNT
