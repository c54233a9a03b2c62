"""What each role must see in the main navigation, in menu order: one table for the page
tests and the browser tests."""

from __future__ import annotations

# What each role must see in the main navigation, in menu order. Written out here on purpose:
# the test checks the app against this table, not against the app's own NAV.
# The centre's menu: an operator's; an administrator's is the same with the users' page.
CENTRE = [
    "home",
    "scenes",
    "capabilities",
    "industry",
    "my-scenes",
    "scene-review",
    "registry-review",
    "financing",
    "our-products",
    "dashboard",
    "salons",
    "partnerships",
    "catalogue",
    "firms",
    "link-review",
    "sources",
    "upload",
    "access-log",
    "orgs",
    "audit",
    "account",
]
EXPECTED_NAV: dict[str, list[str]] = {
    "public": ["home", "scenes", "capabilities", "industry", "financing"],
    "admin": [*CENTRE[: CENTRE.index("audit")], "users", *CENTRE[CENTRE.index("audit") :]],
    "operator": CENTRE,
    "department": [
        "home",
        "scenes",
        "capabilities",
        "industry",
        "my-scenes",
        "financing",
        "salons",
        "my-salons",
        "my-partnerships",
        "upload",
        "access-log",
        "account",
    ],
    "firm": [
        "home",
        "scenes",
        "capabilities",
        "industry",
        "firm",
        "financing",
        "salons",
        "my-salons",
        "my-partnerships",
        "access-log",
        "account",
    ],
    "investor": [
        "home",
        "scenes",
        "capabilities",
        "industry",
        "financing",
        "salons",
        "access-log",
        "account",
    ],
    "financier": [
        "home",
        "scenes",
        "capabilities",
        "industry",
        "financing",
        "our-products",
        "salons",
        "access-log",
        "account",
    ],
}
