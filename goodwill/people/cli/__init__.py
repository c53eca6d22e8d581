"""`goodwill person add|list|show|edit`: the people you keep in touch with."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from django.db import transaction

from goodwill.api.schemas import dump, dump_many
from goodwill.cli.common import Json, current_user, fail, out, print_json
from goodwill.core.rules import check_moment, field_error
from goodwill.people import queries
from goodwill.people import services as people_service
from goodwill.people.cli.lookups import complete_person, resolve_person
from goodwill.people.cli.render import people_table, person_page
from goodwill.people.schemas import PersonOut

app = typer.Typer(help="Add, find, show and edit people.", no_args_is_help=True)

Emails = Annotated[
    list[str] | None,
    typer.Option(
        "--email",
        "-e",
        metavar="EMAIL",
        help="An email, or LABEL:ADDRESS (e.g. work:ana@x.org). Repeat for more.",
    ),
]
Phones = Annotated[
    list[str] | None,
    typer.Option(
        "--phone", "-p", metavar="PHONE", help="A phone number, or LABEL:NUMBER. Repeat for more."
    ),
]
Org = Annotated[str | None, typer.Option("--org", metavar="ORG", help="Organization they work at.")]
Title = Annotated[str | None, typer.Option("--title", metavar="TITLE", help="Job title.")]
Tags = Annotated[
    list[str] | None, typer.Option("--tag", "-t", metavar="TAG", help="A tag. Repeat for more.")
]
Location = Annotated[
    str | None, typer.Option("--location", metavar="PLACE", help="Where they live or work.")
]
Linkedin = Annotated[
    str | None, typer.Option("--linkedin", metavar="URL", help="LinkedIn profile URL.")
]
Website = Annotated[str | None, typer.Option("--website", metavar="URL", help="Personal web site.")]
Birthday = Annotated[
    str | None,
    typer.Option(
        "--birthday", metavar="DATE", help="YYYY-MM-DD, or MM-DD (or --MM-DD) without the year."
    ),
]
MetHow = Annotated[str | None, typer.Option("--met-how", metavar="TEXT", help="How you met.")]
MetOn = Annotated[
    str | None, typer.Option("--met-on", metavar="DATE", help="When you met: YYYY-MM-DD.")
]
IntroducedBy = Annotated[
    str | None,
    typer.Option("--introduced-by", metavar="PERSON", help="Who introduced you: a name or id."),
]
Cadence = Annotated[
    str | None,
    typer.Option(
        "--cadence", metavar="DAYS", help="Keep in touch every DAYS days ('' to use tags)."
    ),
]
About = Annotated[
    str | None, typer.Option("--about", metavar="TEXT", help="Free notes about them.")
]


# ---------------------------------------------------------------- parsing options


def _split_label(value: str, *, looks_like_value) -> tuple[str, str]:
    label, sep, rest = value.partition(":")
    if sep and label and not looks_like_value(label) and label.lower() not in {"tel", "mailto"}:
        return label.strip(), rest.strip()
    if sep and label.lower() in {"tel", "mailto"}:
        return "", rest.strip()
    return "", value.strip()


def parse_emails(values: list[str]) -> list[dict]:
    result = []
    for value in values:
        label, address = _split_label(value, looks_like_value=lambda s: "@" in s)
        result.append({"label": label, "address": address})
    return result


def parse_phones(values: list[str]) -> list[dict]:
    result = []
    for value in values:
        label, number = _split_label(value, looks_like_value=lambda s: any(c.isdigit() for c in s))
        result.append({"label": label, "number": number})
    return result


def parse_birthday(value: str) -> dict:
    value = value.strip()
    if not value:
        return {"birthday_year": None, "birthday_month": None, "birthday_day": None}
    parts = value.lstrip("-").split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) == 3 and len(parts[0]) == 4:
        year, month, day = numbers
    elif len(numbers) == 2:
        year, (month, day) = None, numbers
    else:
        raise field_error(
            "birthday", f"{value!r}: use YYYY-MM-DD or MM-DD, e.g. 1990-04-12 or 04-12."
        )
    return {"birthday_year": year, "birthday_month": month, "birthday_day": day}


def parse_date(field: str, value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise field_error(field, f"{value!r} is not a date: use YYYY-MM-DD.") from None
    return check_moment(day, field)


def parse_cadence(value: str) -> int | None:
    value = value.strip().lower()
    if value in {"", "none", "off"}:
        return None
    try:
        number = int(value)
    except ValueError:
        raise field_error("cadence_days", f"{value!r} is not a number of days.") from None
    if number < 1:
        raise field_error("cadence_days", "Keep in touch every 1 day or more.")
    return number


def person_changes(owner, **opts) -> dict:
    """Turn the options that were given into keyword arguments for the people service."""
    changes: dict = {}
    plain = {
        "title": "title",
        "location": "location",
        "linkedin": "linkedin_url",
        "website": "website",
        "met_how": "met_how",
        "about": "about",
        "org": "organization",
        "name": "display_name",
    }
    for option, field in plain.items():
        if opts.get(option) is not None:
            changes[field] = opts[option]
    if opts.get("email") is not None:
        changes["emails"] = parse_emails(opts["email"])
    if opts.get("phone") is not None:
        changes["phones"] = parse_phones(opts["phone"])
    if opts.get("tag") is not None:
        changes["tags"] = opts["tag"]
    if opts.get("birthday") is not None:
        changes.update(parse_birthday(opts["birthday"]))
    if opts.get("met_on") is not None:
        changes["met_on"] = parse_date("met_on", opts["met_on"])
    if opts.get("cadence") is not None:
        changes["cadence_days"] = parse_cadence(opts["cadence"])
    if opts.get("introduced_by") is not None:
        text = opts["introduced_by"].strip()
        changes["introduced_by"] = (
            resolve_person(owner, text, field="introduced_by").pk if text else None
        )
    return changes


# ---------------------------------------------------------------- commands


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Their name as you want to see it.")],
    email: Emails = None,
    phone: Phones = None,
    org: Org = None,
    title: Title = None,
    tag: Tags = None,
    location: Location = None,
    linkedin: Linkedin = None,
    website: Website = None,
    birthday: Birthday = None,
    met_how: MetHow = None,
    met_on: MetOn = None,
    introduced_by: IntroducedBy = None,
    cadence: Cadence = None,
    about: About = None,
    json: Json = False,
) -> None:
    """Add a person."""
    owner = current_user()
    changes = person_changes(owner, **{k: v for k, v in locals().items() if k != "owner"})
    person = people_service.create_person(owner=owner, **changes)
    if json:
        print_json(dump(PersonOut, queries.person_full(owner, person.pk)))
    else:
        out().print(f"Added {person.display_name} (id {person.pk}).", markup=False)


@app.command("edit")
def edit(
    who: Annotated[str, typer.Argument(metavar="NAME-OR-ID", help="Who to change.")],
    name: Annotated[
        str | None, typer.Option("--name", metavar="NAME", help="A new display name.")
    ] = None,
    email: Emails = None,
    phone: Phones = None,
    org: Org = None,
    title: Title = None,
    tag: Tags = None,
    add_tag: Annotated[
        list[str] | None, typer.Option("--add-tag", metavar="TAG", help="Add a tag.")
    ] = None,
    remove_tag: Annotated[
        list[str] | None, typer.Option("--remove-tag", metavar="TAG", help="Remove a tag.")
    ] = None,
    location: Location = None,
    linkedin: Linkedin = None,
    website: Website = None,
    birthday: Birthday = None,
    met_how: MetHow = None,
    met_on: MetOn = None,
    introduced_by: IntroducedBy = None,
    cadence: Cadence = None,
    about: About = None,
    archive: Annotated[
        bool | None, typer.Option("--archive/--unarchive", help="Archive or bring back.")
    ] = None,
    json: Json = False,
) -> None:
    """Change only the given fields of a person. An empty value ('') clears a field.

    --email, --phone and --tag replace the whole list.

    --add-tag and --remove-tag change one tag.
    """
    owner = current_user()
    person = resolve_person(owner, who)
    opts = {k: v for k, v in locals().items() if k not in {"owner", "person", "who"}}
    changes = person_changes(owner, **opts)
    if add_tag or remove_tag:
        names = changes.get("tags", [t.name for t in person.tags.all()])
        dropped = {t.strip().lstrip("#").lower() for t in remove_tag or []}
        changes["tags"] = [n for n in [*names, *(add_tag or [])] if n.lower() not in dropped]
    with transaction.atomic():
        if changes:
            person = people_service.update_person(owner=owner, person=person, **changes)
        if archive is not None:
            person = people_service.set_archived(owner=owner, person=person, archived=archive)
    if json:
        print_json(dump(PersonOut, queries.person_full(owner, person.pk)))
    elif not changes and archive is None:
        out().print(f"Nothing to change for {person.display_name}: give an option.", markup=False)
    else:
        out().print(f"Updated {person.display_name} (id {person.pk}).", markup=False)


@app.command("list")
def list_(
    search: Annotated[
        str,
        typer.Option(
            "--search",
            "-s",
            metavar="WORDS",
            help="Words to find in names, emails, orgs, tags; or a phone number, any spelling.",
        ),
    ] = "",
    tag: Annotated[
        str, typer.Option("--tag", "-t", metavar="TAG", help="Only people with this tag.")
    ] = "",
    due: Annotated[bool, typer.Option("--due", help="Only people due for a catch-up.")] = False,
    dormant: Annotated[
        bool, typer.Option("--dormant", help="Only people you have not seen in a long while.")
    ] = False,
    archived: Annotated[bool, typer.Option("--archived", help="Only archived people.")] = False,
    limit: Annotated[
        int, typer.Option("--limit", "-n", metavar="N", min=1, help="Show at most N.")
    ] = 100,
    json: Json = False,
) -> None:
    """List people (not archived), alphabetically; filter with the options."""
    chosen = [
        name for name, on in (("due", due), ("dormant", dormant), ("archived", archived)) if on
    ]
    if len(chosen) > 1:
        raise fail(f"Choose one of --{' or --'.join(chosen)}.")
    owner = current_user()
    qs = queries.people(owner, q=search, tag=tag, show=chosen[0] if chosen else "all")
    if json:
        print_json(dump_many(PersonOut, queries.with_person_details(qs)[:limit]))
        return
    rows = list(qs[: limit + 1])
    console = out()
    if not rows:
        console.print("Nobody here yet." if not (search or tag or chosen) else "Nobody matches.")
        return
    console.print(people_table(rows[:limit]))
    if len(rows) > limit:
        console.print(f"[dim]Showing the first {limit}; use --limit to see more.[/dim]")


@app.command("show")
def show(
    who: Annotated[
        str,
        typer.Argument(
            metavar="NAME-OR-ID",
            help="A name, part of one, or an id.",
            autocompletion=complete_person,
        ),
    ],
    json: Json = False,
) -> None:
    """Show a person: details, what's due, things to ask next time, recent timeline."""
    owner = current_user()
    person = resolve_person(owner, who)
    page = queries.person_detail(owner, person.pk, timeline_limit=20)
    if json:
        print_json({"person": dump(PersonOut, page.person), **page.dumped()})
        return
    person_page(out(), page)


def register(root) -> None:
    """Add this area's commands to the root typer app."""
    root.add_typer(app, name="person")
