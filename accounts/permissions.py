"""What each role may do. The one table every check reads."""

from accounts.choices import Action, Role
from regions.choices import Level

A = Action
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.COMMISSIONER: frozenset(A.values),
    Role.LEGAL: frozenset(
        {A.VIEW, A.EDIT_INVENTORY, A.UPLOAD_EVIDENCE, A.VERIFY_EVIDENCE, A.MANAGE_CASES, A.EXPORT_DOSSIERS}
    ),
    Role.TECHNICAL: frozenset({A.VIEW, A.EDIT_INVENTORY, A.UPLOAD_EVIDENCE, A.VERIFY_EVIDENCE, A.EXPORT_DOSSIERS}),
    Role.SECRETARIAT: frozenset({A.VIEW, A.EDIT_INVENTORY, A.UPLOAD_EVIDENCE, A.MANAGE_TEAM, A.MANAGE_USERS}),
    Role.PPK: frozenset({A.VIEW, A.EDIT_INVENTORY, A.UPLOAD_EVIDENCE}),
    Role.PPS: frozenset({A.VIEW, A.EDIT_INVENTORY, A.UPLOAD_EVIDENCE}),
    Role.KPPS: frozenset({A.VIEW, A.UPLOAD_EVIDENCE}),
    Role.VIEWER: frozenset({A.VIEW}),
}

# Delegation: a user may grant a role only if its rank is at most their own (never above).
ROLE_RANK: dict[str, int] = {
    Role.COMMISSIONER: 50,
    Role.LEGAL: 40,
    Role.TECHNICAL: 40,
    Role.SECRETARIAT: 40,
    Role.PPK: 30,
    Role.PPS: 20,
    Role.KPPS: 10,
    Role.VIEWER: 0,
}

# Ad-hoc bodies work at one level only; office roles sit at a KPU office (national, province, regency).
OFFICE_LEVELS = frozenset({None, Level.PROVINCE, Level.REGENCY})
ROLE_LEVELS: dict[str, frozenset] = {
    Role.COMMISSIONER: OFFICE_LEVELS,
    Role.LEGAL: OFFICE_LEVELS,
    Role.TECHNICAL: OFFICE_LEVELS,
    Role.SECRETARIAT: OFFICE_LEVELS,
    Role.PPK: frozenset({Level.DISTRICT}),
    Role.PPS: frozenset({Level.VILLAGE}),
    Role.KPPS: frozenset({Level.TPS}),
    Role.VIEWER: frozenset({None, *Level.values}),
}


def roles_with(action: str) -> frozenset[str]:
    return frozenset(role for role, actions in ROLE_ACTIONS.items() if action in actions)
