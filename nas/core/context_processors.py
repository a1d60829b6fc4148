from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language

from nas.core.navigation import navigation_for


def service(request: HttpRequest) -> dict[str, Any]:
    current = (get_language() or "en")[:2]
    query = urlencode({"next": request.get_full_path()})
    language_links = [
        {
            "code": code,
            # Each language is named in itself, as the GOV.UK pattern asks.
            "name": {"en": "English", "cy": "Cymraeg"}[code],
            "current": code == current,
            "href": f"{reverse('core:language', args=[code])}?{query}",
        }
        for code, _name in settings.LANGUAGES
    ]
    return {
        "service_name": settings.SERVICE_NAME,
        "demo_mode": settings.DEMO_MODE,
        "language_links": language_links,
        "navigation": navigation_for(request),
    }
