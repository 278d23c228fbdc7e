from django.db import migrations

# The deadline rules of GLOSSARY.md ("Deadlines"), with the wording given there as their source; admins
# correct them in the admin when a regulation changes. GLOSSARY.md lists no cuti bersama dates: the
# engine reads those from the `holidays` package and from Holiday rows admins add.
LEGISLATIVE = ["phpu_dpr_dprd", "phpu_dpd"]
PRESIDENTIAL = ["phpu_presiden"]
PILKADA = ["php_gubernur", "php_bupati", "php_walikota"]
G = "GLOSSARY.md, Deadlines: "

RULES = [
    # key, label, source, anchor, direction, amount, unit, count_anchor_day, applies_to, agenda, limit
    (
        "filing-legislative",
        "Petition filing deadline (legislative)",
        G + "filing, legislative (DPR, DPRD, DPD): 3 × 24 hours after the KPU's national result decree",
        "result_decree_at", "after", 72, "hours", False, LEGISLATIVE, "", None,
    ),
    (
        "filing-presidential",
        "Petition filing deadline (presidential)",
        G + "filing, presidential: 3 days after the decree",
        "result_decree_at", "after", 3, "days", False, PRESIDENTIAL, "", None,
    ),
    (
        "filing-pilkada",
        "Petition filing deadline (Pilkada)",
        G + "filing, Pilkada: 3 working days after the regional KPU's announcement",
        "result_decree_at", "after", 3, "working_days", False, PILKADA, "", None,
    ),
    (
        "decision-legislative",
        "Decision due (legislative)",
        G + "decision, legislative: 30 working days from e-BRPK registration",
        "ebrpk_registered_at", "after", 30, "working_days", True, LEGISLATIVE, "", None,
    ),
    (
        "decision-presidential",
        "Decision due (presidential)",
        G + "decision, presidential: 14 working days from registration",
        "ebrpk_registered_at", "after", 14, "working_days", True, PRESIDENTIAL, "", None,
    ),
    (
        "decision-pilkada",
        "Decision due (Pilkada)",
        G + "decision, Pilkada: 45 working days from registration",
        "ebrpk_registered_at", "after", 45, "working_days", True, PILKADA, "", None,
    ),
    (
        "penetapan-after-notice",
        "Penetapan of elected candidates after the MK notice",
        G + "penetapan of elected candidates after the MK notice: 3 days",
        "mk_notice_received_at", "after", 3, "days", False, [], "", None,
    ),
    (
        "witnesses-gubernur",
        "Witnesses' identities to the MK (max. 6 per party)",
        G + "witnesses' identities: 1 working day before the hearing; at most 6 (governor) or 4 (regent/mayor) "
        "per party",
        "hearing", "before", 1, "working_days", False, ["php_gubernur"], "", 6,
    ),
    (
        "witnesses-bupati-walikota",
        "Witnesses' identities to the MK (max. 4 per party)",
        G + "witnesses' identities: 1 working day before the hearing; at most 6 (governor) or 4 (regent/mayor) "
        "per party",
        "hearing", "before", 1, "working_days", False, ["php_bupati", "php_walikota"], "", 4,
    ),
    (
        "witnesses-pemilu",
        "Witnesses' identities to the MK",
        G + "witnesses' identities: 1 working day before the hearing",
        "hearing", "before", 1, "working_days", False, LEGISLATIVE + PRESIDENTIAL, "", None,
    ),
    (
        "psu-ordered",
        "Ordered re-vote (PSU) held",
        "GLOSSARY.md, Voting stages: PSU, pemungutan suara ulang ... within 10 days. Default only: the period "
        "the ruling sets for an ordered action replaces it.",
        "decision_at", "after", 10, "days", False, [], "", None,
    ),
    (
        "answer-case-review",
        "Case review (gelar perkara) before the answer",
        "GLOSSARY.md, The KPU's preparation: typical countdown: H-3 case review, H-2 final answer, H-1 submit",
        "hearing", "before", 3, "days", False, [], "answer", None,
    ),
    (
        "answer-final",
        "Final answer (Jawaban Termohon) ready",
        "GLOSSARY.md, The KPU's preparation: typical countdown: H-3 case review, H-2 final answer, H-1 submit",
        "hearing", "before", 2, "days", False, [], "answer", None,
    ),
    (
        "answer-submit",
        "Answer submitted",
        "GLOSSARY.md, The KPU's preparation: typical countdown: H-3 case review, H-2 final answer, H-1 submit",
        "hearing", "before", 1, "days", False, [], "answer", None,
    ),
]
FIELDS = (
    "label", "source", "anchor", "direction", "amount", "unit", "count_anchor_day", "applies_to",
    "hearing_agenda", "limit",
)  # fmt: skip


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    for position, (key, *values) in enumerate(RULES, start=1):
        DeadlineRule.objects.update_or_create(
            key=key, defaults={**dict(zip(FIELDS, values, strict=True)), "position": position * 10}
        )


def unseed(apps, schema_editor):
    apps.get_model("cases", "DeadlineRule").objects.filter(key__in=[rule[0] for rule in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
