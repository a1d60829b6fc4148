"""Deployment checks for documents."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def malware_scanner_configured(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.DOCUMENT_SCANNER:
        return []
    return [
        Warning(
            "DOCUMENT_SCANNER is empty: uploaded documents are not scanned for malware.",
            hint=(
                "Set DOCUMENT_SCANNER to 'clamd:/run/clamav/clamd.ctl' or 'command:clamdscan --no-summary -'."
            ),
            id="nas.documents.W001",
        )
    ]
