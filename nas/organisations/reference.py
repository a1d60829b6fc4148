"""Reference data: the organisations of adoption in Wales (docs/design.md, "The tiers").

Loaded by a data migration; administrators may edit names afterwards.
Codes are stable identifiers used by imports, exports and the API.

Lead (host) authorities: the Vale of Glamorgan hosts Vale, Valleys and Cardiff
(docs/design.md); Swansea hosts Western Bay (Bridgend County Borough Council,
Corporate Parenting Cabinet Committee minutes, Western Bay annual report
2016/17: "hosted and managed by Swansea Council"); Wrexham, Blaenau Gwent and
Carmarthenshire host North Wales, South East Wales and West and Mid Wales.
"""

NATION = ("wales", "National Adoption Service for Wales", "Gwasanaeth Mabwysiadu Cenedlaethol Cymru")

# (code, English name, Welsh name, lead authority code, [(code, English, Welsh), ...])
REGIONS = [
    (
        "north-wales",
        "North Wales Adoption Service",
        "Gwasanaeth Mabwysiadu Gogledd Cymru",
        "wrexham",
        [
            ("wrexham", "Wrexham County Borough Council", "Cyngor Bwrdeistref Sirol Wrecsam"),
            ("flintshire", "Flintshire County Council", "Cyngor Sir y Fflint"),
            ("gwynedd", "Gwynedd Council", "Cyngor Gwynedd"),
            ("conwy", "Conwy County Borough Council", "Cyngor Bwrdeistref Sirol Conwy"),
            ("denbighshire", "Denbighshire County Council", "Cyngor Sir Ddinbych"),
            ("isle-of-anglesey", "Isle of Anglesey County Council", "Cyngor Sir Ynys Môn"),
        ],
    ),
    (
        "south-east-wales",
        "South East Wales Adoption Service",
        "Gwasanaeth Mabwysiadu De-ddwyrain Cymru",
        "blaenau-gwent",
        [
            (
                "blaenau-gwent",
                "Blaenau Gwent County Borough Council",
                "Cyngor Bwrdeistref Sirol Blaenau Gwent",
            ),
            ("monmouthshire", "Monmouthshire County Council", "Cyngor Sir Fynwy"),
            ("torfaen", "Torfaen County Borough Council", "Cyngor Bwrdeistref Sirol Torfaen"),
            ("newport", "Newport City Council", "Cyngor Dinas Casnewydd"),
            ("caerphilly", "Caerphilly County Borough Council", "Cyngor Bwrdeistref Sirol Caerffili"),
        ],
    ),
    (
        "west-and-mid-wales",
        "Adopt West and Mid Wales",
        "Mabwysiadu Gorllewin a Chanolbarth Cymru",
        "carmarthenshire",
        [
            ("ceredigion", "Ceredigion County Council", "Cyngor Sir Ceredigion"),
            ("carmarthenshire", "Carmarthenshire County Council", "Cyngor Sir Gâr"),
            ("pembrokeshire", "Pembrokeshire County Council", "Cyngor Sir Penfro"),
            ("powys", "Powys County Council", "Cyngor Sir Powys"),
        ],
    ),
    (
        "western-bay",
        "Western Bay Adoption Service",
        "Gwasanaeth Mabwysiadu Bae'r Gorllewin",
        "swansea",
        [
            (
                "neath-port-talbot",
                "Neath Port Talbot County Borough Council",
                "Cyngor Bwrdeistref Sirol Castell-nedd Port Talbot",
            ),
            ("swansea", "City and County of Swansea", "Dinas a Sir Abertawe"),
            ("bridgend", "Bridgend County Borough Council", "Cyngor Bwrdeistref Sirol Pen-y-bont ar Ogwr"),
        ],
    ),
    (
        "vale-valleys-cardiff",
        "Vale, Valleys and Cardiff Adoption Collaborative",
        "Cydweithredfa Mabwysiadu'r Fro, y Cymoedd a Chaerdydd",
        "vale-of-glamorgan",
        [
            ("cardiff", "Cardiff Council", "Cyngor Caerdydd"),
            ("vale-of-glamorgan", "Vale of Glamorgan Council", "Cyngor Bro Morgannwg"),
            (
                "merthyr-tydfil",
                "Merthyr Tydfil County Borough Council",
                "Cyngor Bwrdeistref Sirol Merthyr Tudful",
            ),
            (
                "rhondda-cynon-taf",
                "Rhondda Cynon Taf County Borough Council",
                "Cyngor Bwrdeistref Sirol Rhondda Cynon Taf",
            ),
        ],
    ),
]

VOLUNTARY_AGENCIES = [
    ("st-davids-childrens-society", "St David's Children Society", "Cymdeithas Plant Dewi Sant"),
    ("barnardos-cymru", "Barnardo's Cymru", "Barnardo's Cymru"),
]


def load_reference_data(organisation_model) -> None:  # type: ignore[no-untyped-def]
    """Create or refresh the organisations. Takes the model so the data
    migration can pass its historical one."""
    objects = organisation_model.objects
    code, name_en, name_cy = NATION
    objects.update_or_create(code=code, defaults={"kind": "national", "name_en": name_en, "name_cy": name_cy})
    for region_code, region_en, region_cy, lead_code, authorities in REGIONS:
        region, _ = objects.update_or_create(
            code=region_code, defaults={"kind": "region", "name_en": region_en, "name_cy": region_cy}
        )
        for la_code, la_en, la_cy in authorities:
            objects.update_or_create(
                code=la_code,
                defaults={"kind": "local_authority", "name_en": la_en, "name_cy": la_cy, "region": region},
            )
        region.lead_authority = objects.get(code=lead_code)
        region.save(update_fields=["lead_authority"])
    for agency_code, agency_en, agency_cy in VOLUNTARY_AGENCIES:
        objects.update_or_create(
            code=agency_code,
            defaults={"kind": "voluntary_agency", "name_en": agency_en, "name_cy": agency_cy},
        )
