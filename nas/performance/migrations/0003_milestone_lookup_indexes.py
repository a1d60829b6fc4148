"""Indexes the measures need on the journeys' milestone tables: each measure
joins a milestone to other milestones of the same child (or household) by
kind, and the waiting measures look for a child's stop milestone before a
date. Without (child, kind, date) SQLite's planner reads every milestone of
the kind for each child (quadratic); PostgreSQL uses them for its joins.

They are made here, not in nas.children or nas.adopters, so the performance
framework adds no migration to the apps it reads. Plain SQL that both
databases accept; Django's model state does not list them.
"""

from django.db import migrations

INDEXES = [
    ("performance_child_milestone_kind", "children_milestone", "child_id, kind, date"),
    ("performance_household_milestone_kind", "adopters_milestone", "household_id, kind, date"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0002_submitted_returns_are_frozen"),
        ("children", "0001_initial"),
        ("adopters", "0001_initial"),
    ]
    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns});",
            f"DROP INDEX IF EXISTS {name};",
        )
        for name, table, columns in INDEXES
    ]
