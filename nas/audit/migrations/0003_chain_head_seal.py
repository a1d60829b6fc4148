import hashlib
import hmac

from django.conf import settings
from django.db import migrations, models


def seal_head(apps, schema_editor):
    """Seal the existing head, as nas.audit.models.AuditChainHead.compute_seal
    does (a historical model has no methods)."""
    for head in apps.get_model("audit", "AuditChainHead").objects.all():
        message = f"head:{head.seq}:{head.last_hash}".encode()
        head.seal = hmac.new(settings.AUDIT_CHAIN_KEY.encode("utf-8"), message, hashlib.sha256).hexdigest()
        head.save(update_fields=["seal"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_head")]

    operations = [
        migrations.AddField(
            model_name="auditchainhead",
            name="seal",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(seal_head, migrations.RunPython.noop),
    ]
