"""Members typed on meetings before the central list existed join the list:
one entry per person (by name) in each region or agency, joined on the date
of the first meeting they sat on, with the role and independence they had at
their latest one, and each of their sittings linked to it. Their sittings keep
the name and role typed at the time. Nobody is dated as having left: the
panel adviser dates that on the list."""

from django.db import migrations


def forwards(apps, schema_editor):
    PanelMember = apps.get_model("panels", "PanelMember")
    CentralMember = apps.get_model("panels", "CentralMember")
    people: dict[tuple[int, str], list] = {}
    typed = (
        PanelMember.objects.filter(central_member__isnull=True)
        .select_related("meeting")
        .order_by("meeting__date", "meeting_id", "pk")
    )
    for sitting in typed.iterator():
        key = (sitting.meeting.organisation_id, " ".join(sitting.name.split()).casefold())
        people.setdefault(key, []).append(sitting)
    for (organisation_id, _name), sittings in people.items():
        first, latest = sittings[0], sittings[-1]
        entry = CentralMember.objects.create(
            organisation_id=organisation_id,
            name=" ".join(latest.name.split()),
            role=latest.role,
            independent=latest.independent,
            joined_on=first.meeting.date,
        )
        linked: set[int] = set()
        for sitting in sittings:
            if sitting.meeting_id in linked:
                continue  # the same name twice on one meeting: the second stays as typed
            linked.add(sitting.meeting_id)
            PanelMember.objects.filter(pk=sitting.pk).update(central_member=entry)


class Migration(migrations.Migration):
    dependencies = [("panels", "0002_central_list")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
