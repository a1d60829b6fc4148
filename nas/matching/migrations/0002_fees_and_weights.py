"""The inter-agency fee table as researched, and the first weight set.

Sources (each row carries its own):
- Wales, placements between local authorities and regions: £27,000 for one
  child from October 2018 (CoramBAAF, 'Interagency fees', fees 2019/20: "In
  Wales fees are agreed between ADSS Cymru and the National Adoption Service
  for Wales and CVAA. As of October 2018, local authority placements will be
  charged at £27,000").
- Sibling groups at that level: £43,000 for two, £60,000 for three, £68,000
  for four, £80,000 for five: the equalised 2011 structure as Scotland's
  Adoption Register publishes it. Not confirmed for Wales: to be checked by
  the national team (the fee table is editable).
- With a voluntary adoption agency: £31,620 for one child in 2019/20
  (CoramBAAF, fees 2019/20, Wales), and £39,245 for one child for
  placements from 1 April 2025 (CoramBAAF, fees 2025/26; the Consortium of
  Voluntary Adoption Agencies' rate). The CVAA's sibling rates for 2025/26
  were not found; without a row the engine shows the one-child rate for
  each child, marked as an estimate.
"""

from datetime import date

from django.db import migrations
from django.utils import timezone

CORAMBAAF_2019 = (
    "CoramBAAF, Interagency fees, fees 2019/20: Wales, local authority placements £27,000 "
    "from October 2018 (agreed by ADSS Cymru, the National Adoption Service and CVAA)"
)
SIBLINGS_2011 = (
    "Equalised 2011 inter-agency fee structure for sibling groups as published by Scotland's "
    "Adoption Register (Interagency fees Scotland); to be confirmed for Wales"
)
VAA_2019 = "CoramBAAF, Interagency fees, fees 2019/20: Wales, placements with voluntary agencies £31,620"
VAA_2025 = (
    "CoramBAAF, Interagency fees, fees 2025/26 and the Consortium of Voluntary Adoption Agencies: "
    "£39,245 for a single child for placements from 1 April 2025"
)

FEES = [
    ("region_to_region", 1, 27_000, date(2018, 10, 1), None, CORAMBAAF_2019),
    ("region_to_region", 2, 43_000, date(2018, 10, 1), None, SIBLINGS_2011),
    ("region_to_region", 3, 60_000, date(2018, 10, 1), None, SIBLINGS_2011),
    ("region_to_region", 4, 68_000, date(2018, 10, 1), None, SIBLINGS_2011),
    ("region_to_region", 5, 80_000, date(2018, 10, 1), None, SIBLINGS_2011),
    ("region_to_agency", 1, 31_620, date(2019, 4, 1), date(2020, 3, 31), VAA_2019),
    ("region_to_agency", 1, 39_245, date(2025, 4, 1), None, VAA_2025),
]

INITIAL_WEIGHTS = {
    "health": 18,
    "developmental": 18,
    "behavioural": 18,
    "disability": 10,
    "age": 8,
    "siblings": 12,
    "contact": 6,
    "ethnicity": 8,
    "religion": 4,
    "language": 8,
    "child_waiting": 15,
    "family_waiting": 10,
    "region": 5,
}


def load(apps, schema_editor):
    fee = apps.get_model("matching", "InterAgencyFee")
    for kind, children, amount, valid_from, valid_to, source in FEES:
        fee.objects.get_or_create(
            kind=kind,
            children=children,
            valid_from=valid_from,
            defaults={"amount": amount, "valid_to": valid_to, "source": source},
        )
    weights = apps.get_model("matching", "WeightSet")
    if not weights.objects.exists():
        weights.objects.create(
            number=1,
            weights=INITIAL_WEIGHTS,
            in_force_from=timezone.now(),
            reason="Initial weights, as set out with the engine (nas.matching.engine.DEFAULT_WEIGHTS)",
        )


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
